import type { MetaFunction } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useI18n } from "~/components/i18n";
import { RealContent } from "~/components/is-this-real";

export const meta: MetaFunction = () => [{ title: "Is this real?" }];

export default function IsThisRealGeneric() {
  const { t } = useI18n();
  return <RealContent creditor={null} backTo="/" t={t} />;
}

export const ErrorBoundary = GeneralErrorBoundary;
