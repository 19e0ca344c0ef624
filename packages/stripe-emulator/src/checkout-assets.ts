// The hosted page's stylesheet and icon, served as files so the page needs no inline
// style or script (it works under `default-src 'none'; style-src 'self'`).

export const CHECKOUT_CSS = `
*, *::before, *::after { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; line-height: 1.5; color: #1a1a1a; background: #f6f7f9; }
body { margin: 0; }
.banner { background: #fff4ce; border-bottom: 2px solid #8a6d00; padding: 0.75rem 1rem; text-align: center; }
.banner p { margin: 0; }
main { max-width: 36rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.5rem; margin: 1rem 0 0.25rem; }
h2 { font-size: 1.15rem; margin: 0 0 0.75rem; }
.card { background: #fff; border: 1px solid #d0d4dc; border-radius: 0.5rem; padding: 1rem; margin: 1rem 0; }
.amount { font-size: 2rem; font-weight: 700; margin: 0.25rem 0; }
.muted { color: #4a4f57; }
ul.items { padding-left: 1.25rem; margin: 0.5rem 0 0; }
label { display: block; font-weight: 600; margin: 0.75rem 0 0.25rem; }
.hint { display: block; font-weight: 400; color: #4a4f57; font-size: 0.9rem; }
input, select { width: 100%; font: inherit; padding: 0.6rem 0.7rem; min-height: 2.75rem; border: 1px solid #6b7280; border-radius: 0.375rem; background: #fff; color: inherit; }
input[aria-invalid="true"] { border: 2px solid #b00020; }
.row { display: flex; flex-wrap: wrap; gap: 0 0.75rem; }
.row > div { flex: 1 1 8rem; min-width: 0; }
button { font: inherit; font-weight: 600; min-height: 2.75rem; padding: 0.6rem 1.25rem; border-radius: 0.375rem; border: 2px solid #1d4ed8; background: #1d4ed8; color: #fff; cursor: pointer; margin-top: 1rem; width: 100%; }
button.secondary { background: #fff; color: #1d4ed8; }
a { color: #1d4ed8; }
:focus-visible { outline: 3px solid #1a1a1a; outline-offset: 2px; box-shadow: 0 0 0 6px #fff4ce; }
.field-error { color: #b00020; font-weight: 600; margin: 0.25rem 0 0; }
.alert { border: 2px solid #b00020; background: #fdecee; border-radius: 0.5rem; padding: 0.75rem 1rem; margin: 1rem 0; }
.alert h2 { color: #7a0016; margin: 0 0 0.25rem; font-size: 1.05rem; }
.alert ul { margin: 0.25rem 0 0; padding-left: 1.25rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
caption { text-align: left; font-weight: 600; padding-bottom: 0.5rem; }
th, td { text-align: left; padding: 0.4rem 0.4rem 0.4rem 0; border-bottom: 1px solid #d0d4dc; vertical-align: top; overflow-wrap: break-word; }
td code { font-size: 0.8rem; white-space: nowrap; }
.cancel { margin: 1.5rem 0; }
fieldset { border: 1px solid #d0d4dc; border-radius: 0.375rem; margin: 0.75rem 0 0; padding: 0.25rem 0.75rem 0.75rem; }
legend { font-weight: 600; padding: 0 0.25rem; }
.choice { display: flex; align-items: center; gap: 0.5rem; margin-top: 0.5rem; }
.choice input { width: 1.5rem; min-height: 1.5rem; height: 1.5rem; margin: 0; flex: none; }
.choice label { margin: 0; font-weight: 400; }
`;

export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#8a6d00"/><text x="16" y="22" font-size="16" text-anchor="middle" fill="#fff" font-family="sans-serif">T</text></svg>';
