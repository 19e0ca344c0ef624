// Any address we don't know: the calm 404 of the error boundary.
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { notFound } from "~/utils/responses.server";
import { pageTitle } from "~/lib/i18n/titles";

export const meta = pageTitle("title.notFound");

export async function loader() {
  throw notFound();
}

export async function action() {
  throw notFound();
}

export default function NotFound() {
  return null;
}

export const ErrorBoundary = GeneralErrorBoundary;
