// Guards that end a request with a status the error boundary renders calmly.
export function notFound(): Response {
  return new Response("Not found", { status: 404 });
}
