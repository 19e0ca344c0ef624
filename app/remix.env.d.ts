/// <reference types="@remix-run/node" />

// The classic compiler turns a CSS import into the built file's URL.
declare module "*.css" {
  const href: string;
  export default href;
}
