// Demo outbox only: shows a rendered email under our own strict CSP (no inline styles).
// Each inline style becomes a class; the rules go to a stylesheet served from our origin.
// The email itself keeps its inline styles: that is what mail clients need.
const STYLE_ATTRIBUTE = /\sstyle="([^"]*)"/g;

export function splitInlineStyles(
  html: string,
  stylesheetHref: string,
): { html: string; css: string } {
  const classes = new Map<string, string>();
  const out = html.replace(STYLE_ATTRIBUTE, (_, style: string) => {
    const declarations = style.replace(/&#39;/g, "'").replace(/&quot;/g, '"');
    let name = classes.get(declarations);
    if (!name) {
      name = `e${classes.size}`;
      classes.set(declarations, name);
    }
    return ` class="${name}"`;
  });
  const css = [...classes]
    .map(([declarations, name]) => `.${name}{${sanitizeCss(declarations)}}`)
    .join("\n");
  const withSheet = out.replace(
    "</head>",
    `<link rel="stylesheet" href="${stylesheetHref}">\n</head>`,
  );
  return { html: withSheet, css };
}

// Our templates write these styles, but a creditor's colour passes through them: keep
// declarations to plain values so nothing can break out of the rule.
function sanitizeCss(declarations: string): string {
  return declarations.replace(/[{}<>\\]/g, "").replace(/url\s*\(/gi, "");
}
