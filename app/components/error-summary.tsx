// The GOV.UK error summary: a box titled "There is a problem" before the form (first in the
// reading order), listing each error as a link to its field. It gets the focus when it
// appears: without JavaScript through the `autofocus` attribute (the browser focuses it
// on load), with JavaScript through an effect each time a submission fails (`attempt`).
// A link moves the focus to its field (without JavaScript, the browser follows the
// fragment to the field; with it, the field is focused and its label scrolled into view).
import { useEffect, useRef, type MouseEvent } from "react";
import { useI18n } from "~/components/i18n";

/** One error: its words and the id of its field (none for an error about the whole form). */
export type SummaryItem = { href?: `#${string}`; text: string };

export function ErrorSummary({
  items,
  attempt = 0,
  id = "error-summary",
}: {
  items: SummaryItem[];
  /** Changes each time the debtor submits and it fails: the box is focused again. */
  attempt?: number;
  id?: string;
}) {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  const shown = items.length > 0;
  useEffect(() => {
    if (shown) ref.current?.focus();
  }, [shown, attempt]);
  if (!shown) return null;
  const onClick = (event: MouseEvent<HTMLAnchorElement>, href: string) => {
    const field = document.getElementById(href.slice(1));
    if (!field) return;
    event.preventDefault();
    field.focus({ preventScroll: true });
    const label =
      field.closest("fieldset")?.querySelector("legend") ??
      document.querySelector(`label[for="${field.id}"]`) ??
      field;
    label.scrollIntoView({ block: "start" });
  };
  return (
    <div
      ref={ref}
      id={id}
      tabIndex={-1}
      // GOV.UK's pattern: the summary takes the focus when it appears (also without JavaScript).
      autoFocus
      className="space-y-2 rounded-md border-4 border-red-800 bg-white p-4 focus:outline focus:outline-4 focus:outline-offset-2 focus:outline-amber-400"
      data-testid="error-summary"
    >
      <div role="alert" className="space-y-2">
        <h2 id={`${id}-title`} className="text-lg font-bold">
          {t("plans.errorSummary.title")}
        </h2>
        <ul className="list-disc space-y-1 pl-6">
          {items.map((item) => (
            <li key={`${item.href ?? ""}-${item.text}`}>
              {item.href ? (
                <a
                  href={item.href}
                  className="font-semibold text-red-800 underline"
                  onClick={(e) => onClick(e, item.href ?? "")}
                >
                  {item.text}
                </a>
              ) : (
                <span className="font-semibold text-red-800">{item.text}</span>
              )}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
