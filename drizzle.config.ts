import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: ["./db/schema.ts", "./app/demo/schema.ts"],
  out: "./db/migrations",
});
