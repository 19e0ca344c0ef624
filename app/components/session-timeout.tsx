// WCAG 2.2.1: before the idle sign-out, warn and offer to extend. The dialog is a plain
// form, so the button also works as a normal POST if scripts fail mid-way.
import { useFetcher, useLocation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useI18n } from "./i18n";

const WARN_BEFORE_MS = 2 * 60 * 1000;

// The server sends "time left" rather than a clock time: phones' clocks are often wrong.
export function SessionTimeout({ remainingMs }: { remainingMs: number }) {
  const { t } = useI18n();
  const fetcher = useFetcher<{ remainingMs: number }>();
  const location = useLocation();
  const [deadline, setDeadline] = useState(() => Date.now() + remainingMs);
  const [warning, setWarning] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);

  // Every server response moves the deadline (navigation or the extend button).
  useEffect(() => setDeadline(Date.now() + remainingMs), [remainingMs]);
  useEffect(() => {
    if (fetcher.data?.remainingMs) setDeadline(Date.now() + fetcher.data.remainingMs);
  }, [fetcher.data]);

  useEffect(() => {
    setWarning(false);
    const now = Date.now();
    const warnIn = Math.max(0, deadline - WARN_BEFORE_MS - now);
    const warnTimer = window.setTimeout(() => setWarning(true), warnIn);
    const endTimer = window.setTimeout(
      () => window.location.assign("/signed-out?reason=expired"),
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
      aria-labelledby="timeout-title"
      aria-describedby="timeout-body"
      className="idle-warning fixed inset-x-0 bottom-0 z-50 border-t-4 border-blue-800 bg-white p-4 shadow-lg"
    >
      <div className="mx-auto max-w-2xl">
        <h2 id="timeout-title" className="text-lg font-bold">
          {t("session.warning.title")}
        </h2>
        <p id="timeout-body">{t("session.warning.body")}</p>
        <fetcher.Form method="post" action="/session/extend" className="mt-3">
          <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
          <button ref={buttonRef} type="submit" className="btn-primary">
            {t("session.warning.extend")}
          </button>
        </fetcher.Form>
      </div>
    </div>
  );
}
