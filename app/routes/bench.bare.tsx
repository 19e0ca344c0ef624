// The baseline of `npm run bench`: a minimal page under the root layout, so the statement
// page's throughput and JavaScript weight are compared with Remix's own cost in the same
// run. Only exists when the benchmark starts the server with BENCH=1; a 404 otherwise.
import type { MetaFunction } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { notFound } from "~/utils/responses.server";

export const meta: MetaFunction = () => [
  { title: "Baseline" },
  { name: "robots", content: "noindex, nofollow" },
];

export function loader() {
  if (process.env.BENCH !== "1") throw notFound();
  return null;
}

export default function BenchBare() {
  return <p>Baseline page.</p>;
}

export const ErrorBoundary = GeneralErrorBoundary;
