// The stock Express server of Remix's classic-compiler template (without morgan).
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";

const here = path.dirname(fileURLToPath(import.meta.url));
const build = await import(pathToFileURL(path.join(here, "build/index.js")).href);

const app = express();
app.use(compression());
app.disable("x-powered-by");
app.use(
  "/build",
  express.static(path.join(here, "public/build"), { immutable: true, maxAge: "1y" }),
);
app.use(express.static(path.join(here, "public"), { maxAge: "1h" }));
app.all("*", createRequestHandler({ build, mode: "production" }));

const port = Number(process.env.PORT ?? 3000);
app.listen(port, process.env.HOST ?? "127.0.0.1", () => {
  console.log(`Express server listening at http://localhost:${port}`);
});
