#!/usr/bin/env -S node --import tsx
// `stripe-emulator`: the Stripe emulator as its own server process (see src/cli.ts).
import { runCli } from "../src/cli";

await runCli();
