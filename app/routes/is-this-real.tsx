import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useI18n } from "~/components/i18n";
import { RealContent } from "~/components/is-this-real";
import { pageTitle } from "~/lib/i18n/titles";

export const meta = pageTitle("title.real");

export default function IsThisRealGeneric() {
  const { t } = useI18n();
  return <RealContent creditor={null} backTo="/" t={t} />;
}

export const ErrorBoundary = GeneralErrorBoundary;
