// Texts of the pages the web server answers itself, before the app sees the request
// (app/server/edge-pages.server.ts): a body too large, a body too slow, too many requests.
// Keys must match between the languages.
export const en = {
  "edge.tooLarge.title": "That was more than this page can take",
  "edge.tooLarge.body":
    "What you sent is larger than this page accepts, so nothing was saved. Please go back and try again with less text or a smaller file.",
  "edge.timeout.title": "That took too long to arrive",
  "edge.timeout.body":
    "We did not receive everything you sent in time, so nothing was saved. Please check your connection, then try again.",
  "edge.tooMany.body":
    "We received many requests from your connection in a short time. Please wait a minute, then try again. Nothing you have done so far is lost.",
};

export const es: Record<keyof typeof en, string> = {
  "edge.tooLarge.title": "Eso es más de lo que esta página puede recibir",
  "edge.tooLarge.body":
    "Lo que envió es más grande de lo que acepta esta página, así que no se guardó nada. Vuelva atrás e inténtelo de nuevo con menos texto o con un archivo más pequeño.",
  "edge.timeout.title": "El envío tardó demasiado",
  "edge.timeout.body":
    "No recibimos a tiempo todo lo que envió, así que no se guardó nada. Revise su conexión y vuelva a intentarlo.",
  "edge.tooMany.body":
    "Recibimos muchas solicitudes desde su conexión en poco tiempo. Espere un minuto y vuelva a intentarlo. No se ha perdido nada de lo que hizo.",
};
