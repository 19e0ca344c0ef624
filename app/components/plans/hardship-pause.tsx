// The hardship page's pause (./hardship-options.tsx), in two steps that work without
// JavaScript: a GET form, "Show the new dates", that previews what the pause does (every
// payment's date before and after; a monthly plan keeps its day of the month), then a POST
// form that applies exactly that ("Pause my payments"). Nothing changes on the GET.
import { Form, Link } from "@remix-run/react";
import { ErrorText } from "~/components/plan";
import type { PauseMove } from "~/lib/pause-schedule";
import type { ChoiceError } from "~/lib/plan-builder";
import type { T } from "~/components/plan";

/** The loader's preview of `?pauseUntil=` (the same shape as previewPause's answer). */
export type PausePreviewData =
  | {
      ok: true;
      pauseUntil: string;
      hasPlan: boolean;
      result: { moves: PauseMove[]; firstDate: string | null };
    }
  | { ok: false; errors: ChoiceError[] }
  | null;

export function PauseSection(props: {
  t: T;
  date: (iso: string) => string;
  base: string;
  creditor: string;
  today: string;
  latestPauseDate: string | null;
  hasPlan: boolean;
  pauseValue: string;
  pause: PausePreviewData;
  error: string | undefined;
}) {
  const { t, date, base, pause, error } = props;
  const preview = pause?.ok ? pause : null;
  return (
    <section aria-labelledby="pause-title" className="card space-y-3">
      <h2 id="pause-title" className="text-lg font-bold">
        {t("plans.hardship.pause.title")}
      </h2>
      {props.latestPauseDate ? (
        <>
          <p>{t("plans.hardship.pause.intro", { date: date(props.latestPauseDate) })}</p>
          {!props.hasPlan ? <p>{t("plans.hardship.pause.noPlan")}</p> : null}
          <Form
            method="get"
            action={`${base}/hardship#pause-preview`}
            className="space-y-4"
            noValidate
          >
            <div className="space-y-1">
              <label htmlFor="pauseUntil" className="block font-semibold">
                {t("plans.hardship.pause.label")}
              </label>
              {error ? <ErrorText id="pauseUntil-error">{error}</ErrorText> : null}
              <input
                id="pauseUntil"
                name="pauseUntil"
                type="date"
                min={props.today}
                max={props.latestPauseDate}
                defaultValue={props.pauseValue}
                className="input max-w-60"
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? "pauseUntil-error" : undefined}
              />
            </div>
            <button type="submit" className="btn-secondary">
              {t("plans.hardship.pause.show")}
            </button>
          </Form>
          {preview && !error ? <PausePreview {...props} preview={preview} /> : null}
        </>
      ) : (
        <p>{t("plans.hardship.pause.notAllowed", { creditor: props.creditor })}</p>
      )}
    </section>
  );
}

function PausePreview({
  t,
  date,
  base,
  preview,
}: {
  t: T;
  date: (iso: string) => string;
  base: string;
  preview: Extract<PausePreviewData, { ok: true }>;
}) {
  const { moves, firstDate } = preview.result;
  const changed = moves.some((m) => m.from !== m.to);
  const until = date(preview.pauseUntil);
  return (
    <div
      id="pause-preview"
      className="space-y-3 rounded-md border-2 border-blue-800 p-4"
      data-testid="pause-preview"
    >
      <h3 className="font-bold">{t("plans.hardship.pause.previewTitle")}</h3>
      {!preview.hasPlan ? (
        <p>{t("plans.hardship.pause.previewNoPlan", { date: until })}</p>
      ) : !changed || !firstDate ? (
        <p>{t("plans.hardship.pause.previewNoChange", { date: until })}</p>
      ) : (
        <>
          <p>{t("plans.hardship.pause.previewIntro", { date: until })}</p>
          <p className="font-semibold" data-testid="pause-first">
            {t("plans.hardship.pause.previewDay", { date: date(firstDate) })}
          </p>
          <table className="w-full border-collapse text-left" data-testid="pause-dates">
            <caption className="sr-only">{t("plans.hardship.pause.previewTitle")}</caption>
            <thead>
              <tr className="border-b-2 border-slate-800 text-sm">
                <th scope="col" className="py-2 pr-2">
                  {t("plans.schedule.number")}
                </th>
                <th scope="col" className="py-2">
                  {t("plans.schedule.date")}
                </th>
              </tr>
            </thead>
            <tbody>
              {moves.map((m) => (
                <tr key={m.seq} className="border-b border-slate-300 align-top">
                  <td className="py-2 pr-2">{m.seq}</td>
                  <td className="py-2">
                    {date(m.to)}
                    {m.to !== m.from ? (
                      <span className="block text-sm text-slate-700">
                        {t("plans.hardship.pause.from", { date: date(m.from) })}
                      </span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <Form method="post" action={`${base}/hardship`} className="space-y-3">
        <input type="hidden" name="intent" value="pause" />
        <input type="hidden" name="pauseUntil" value={preview.pauseUntil} />
        <button type="submit" className="btn-primary">
          {t("plans.hardship.pause.submit")}
        </button>
      </Form>
      <p>
        <Link to={`${base}/hardship#pause-title`}>{t("plans.hardship.pause.change")}</Link>
      </p>
    </div>
  );
}
