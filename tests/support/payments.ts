// Payments test kit: the Stripe emulator, the app's real stripe-node client pointed at
// it, and a webhook endpoint that runs the app's real webhook route.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import * as schema from "../../db/schema";
import type { Db } from "../../db/client.server";
import { startStripeEmulator, type StripeEmulator } from "@portal/stripe-emulator";
import { configureStripe } from "../../app/services/stripe.server";

export type PaymentsKit = {
  emulator: StripeEmulator;
  receiver: http.Server;
  deliveries: { status: number }[];
  /** Make the next n deliveries fail AFTER the handler ran (a crash before answering). */
  crashNext(n: number): void;
  stop(): Promise<void>;
};

export async function startPaymentsKit(): Promise<PaymentsKit> {
  const webhookSecret = "whsec_test_kit";
  const emulator = await startStripeEmulator({
    port: 0,
    webhookSecret,
    webhookRetry: { maxAttempts: 6, baseDelayMs: 20, maxDelayMs: 200 },
  });
  configureStripe({ emulatorUrl: emulator.url, webhookSecret, maxNetworkRetries: 0 });
  const { action } = await import("../../app/routes/webhooks.stripe");
  const deliveries: { status: number }[] = [];
  let crashes = 0;
  const receiver = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request = new Request("http://127.0.0.1/webhooks/stripe", {
      method: "POST",
      headers: req.headers as Record<string, string>,
      body: Buffer.concat(chunks),
    });
    const response = (await action({
      request,
      params: {},
      context: { cspNonce: "", clientIp: "127.0.0.1" },
    })) as Response;
    let status = response.status;
    if (crashes > 0 && status === 200) {
      crashes--;
      status = 500;
    }
    deliveries.push({ status });
    res.writeHead(status);
    res.end(await response.text());
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  emulator.controls.setWebhookEndpoint(
    `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/stripe`,
  );
  return {
    emulator,
    receiver,
    deliveries,
    crashNext: (n) => {
      crashes = n;
    },
    async stop() {
      await emulator.stop();
      await new Promise((resolve) => receiver.close(resolve));
    },
  };
}

/** A plan row with its installments, as the plan builder would have stored it. */
export async function createPlan(
  db: Db,
  input: {
    accountId: string;
    kind: "full" | "installments" | "settlement";
    installments: { dueDate: string; amountCents: number }[];
    balanceCents: number;
    status?: "pending_payment_method" | "active";
    frequency?: "weekly" | "biweekly" | "monthly";
  },
) {
  const total = input.installments.reduce((s, i) => s + i.amountCents, 0);
  const [plan] = await db
    .insert(schema.plans)
    .values({
      accountId: input.accountId,
      kind: input.kind,
      frequency: input.installments.length > 1 ? (input.frequency ?? "monthly") : null,
      installmentCount: input.installments.length,
      startDate: input.installments[0].dueDate,
      agreedOn: input.installments[0].dueDate,
      totalCents: total,
      balanceCents: input.balanceCents,
      currency: "usd",
      status: input.status ?? "pending_payment_method",
      authorizationVersion: "test-1",
      authorizationText: "I authorize these payments.",
      authorizationTextSha256: "0".repeat(64),
      authorizationLanguage: "en",
      authorizedAt: new Date(),
    })
    .returning();
  for (const [i, inst] of input.installments.entries()) {
    await db.insert(schema.installments).values({
      planId: plan.id,
      seq: i + 1,
      dueDate: inst.dueDate,
      amountCents: inst.amountCents,
      originalAmountCents: inst.amountCents,
      originalDueDate: inst.dueDate,
    });
  }
  return plan;
}

export async function accountByRef(db: Db, reference: string) {
  const [row] = await db
    .select()
    .from(schema.accounts)
    .where(eq(schema.accounts.reference, reference));
  return row;
}

export async function ledgerOf(db: Db, accountId: string) {
  return db
    .select()
    .from(schema.ledgerEntries)
    .where(eq(schema.ledgerEntries.accountId, accountId));
}

export async function installmentsOf(db: Db, planId: string) {
  return db
    .select()
    .from(schema.installments)
    .where(and(eq(schema.installments.planId, planId)))
    .orderBy(schema.installments.seq);
}
