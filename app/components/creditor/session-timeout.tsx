// WCAG 2.2.1 for the creditor area: two minutes before the idle sign-out, a dialog offers
// to stay signed in. The button is a plain form, so it also works as a normal POST.
import { useFetcher, useLocation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";

const WARN_BEFORE_MS = 2 * 60 * 1000;

export function CreditorSessionTimeout({ remainingMs }: { remainingMs: number }) {
  const fetcher = useFetcher<{ remainingMs: number }>();
  const location = useLocation();
  const [deadline, setDeadline] = useState(() => Date.now() + remainingMs);
  const [warning, setWarning] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => setDeadline(Date.now() + remainingMs), [remainingMs]);
  useEffect(() => {
    if (fetcher.data?.remainingMs) setDeadline(Date.now() + fetcher.data.remainingMs);
  }, [fetcher.data]);
  useEffect(() => {
    setWarning(false);
    const now = Date.now();
    const warnTimer = window.setTimeout(
      () => setWarning(true),
      Math.max(0, deadline - WARN_BEFORE_MS - now),
    );
    const endTimer = window.setTimeout(
      () => window.location.assign("/creditor/sign-in?reason=expired"),
      Math.max(0, deadline - now),
    );
    return () => {
      window.clearTimeout(warnTimer);
      window.clearTimeout(endTimer);
    };
  }, [deadline]);
  useEffect(() => {
    if (warning) buttonRef.current?.focus();
  }, [warning]);

  if (!warning) return null;
  return (
    <div
      role="alertdialog"
      aria-modal="false"
      aria-labelledby="creditor-timeout-title"
      aria-describedby="creditor-timeout-body"
      className="idle-warning fixed inset-x-0 bottom-0 z-50 border-t-4 border-blue-800 bg-white p-4 shadow-lg"
    >
      <div className="mx-auto max-w-2xl">
        <h2 id="creditor-timeout-title" className="text-lg font-bold">
          Are you still there?
        </h2>
        <p id="creditor-timeout-body">
          For your security you will be signed out in 2 minutes unless you choose to stay.
        </p>
        <fetcher.Form method="post" action="/creditor/session/extend" className="mt-3">
          <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
          <button ref={buttonRef} type="submit" className="btn-primary">
            Stay signed in
          </button>
        </fetcher.Form>
      </div>
    </div>
  );
}
