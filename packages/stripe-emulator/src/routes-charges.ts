// /v1/charges, /v1/refunds, /v1/disputes, /v1/mandates and /v1/events: the read side of
// money that moved, plus refund creation.
import { invalidRequest, missingParam, noSuch } from "./errors";
import { applyMetadata } from "./params";
import {
  acceptDispute,
  refundCharge,
  resolveCharge,
  submitDisputeEvidence,
} from "./refunds-disputes";
import { respond, type ApiRequest, type Route } from "./router";
import { LIST_PARAMS, createdFilter, paginate } from "./serialize";
import { newestFirst } from "./store";

function retrieve(kind: string, find: (req: ApiRequest) => unknown) {
  return (req: ApiRequest) => {
    req.params.allow(["expand"]);
    const object = find(req);
    if (!object) throw noSuch(kind, req.ids[0]);
    return respond(req, object);
  };
}

function createRefund(req: ApiRequest) {
  const { world, params } = req;
  params.allow([
    "payment_intent",
    "charge",
    "amount",
    "reason",
    "metadata",
    "expand",
    "instructions_email",
  ]);
  const piId = params.str("payment_intent");
  const chargeId = params.str("charge");
  if (!piId && !chargeId) throw missingParam("payment_intent");
  if (piId && chargeId) {
    throw invalidRequest(
      "You may only specify one of these parameters: charge, payment_intent.",
      "charge",
    );
  }
  const charge = resolveCharge(world, (piId ?? chargeId)!, piId ? "payment_intent" : "charge");
  const refund = refundCharge(world, charge, {
    amount: params.int("amount"),
    reason:
      params.oneOf("reason", ["duplicate", "fraudulent", "requested_by_customer"] as const) ?? null,
    metadata: applyMetadata({}, params.metadata()),
  });
  return respond(req, refund);
}

export const chargeRoutes: Route[] = [
  {
    method: "GET",
    path: "/charges",
    handler: (req) => {
      const { world, params } = req;
      params.allow([...LIST_PARAMS, "customer", "payment_intent"]);
      const customer = params.str("customer");
      const pi = params.str("payment_intent");
      const created = createdFilter(params);
      const items = newestFirst(world.store.charges).filter(
        (c) =>
          (customer === undefined || c.customer === customer) &&
          (pi === undefined || c.payment_intent === pi) &&
          created(c),
      );
      return respond(req, paginate(items, params, "/v1/charges"));
    },
  },
  {
    method: "GET",
    path: "/charges/:id",
    handler: retrieve("charge", (r) => r.world.store.charges.get(r.ids[0])),
  },
  { method: "POST", path: "/refunds", handler: createRefund },
  {
    method: "GET",
    path: "/refunds",
    handler: (req) => {
      const { world, params } = req;
      params.allow([...LIST_PARAMS, "charge", "payment_intent"]);
      const charge = params.str("charge");
      const pi = params.str("payment_intent");
      const created = createdFilter(params);
      const items = newestFirst(world.store.refunds).filter(
        (r) =>
          (charge === undefined || r.charge === charge) &&
          (pi === undefined || r.payment_intent === pi) &&
          created(r),
      );
      return respond(req, paginate(items, params, "/v1/refunds"));
    },
  },
  {
    method: "GET",
    path: "/refunds/:id",
    handler: retrieve("refund", (r) => r.world.store.refunds.get(r.ids[0])),
  },
  {
    method: "GET",
    path: "/disputes",
    handler: (req) => {
      const { world, params } = req;
      params.allow([...LIST_PARAMS, "charge", "payment_intent"]);
      const charge = params.str("charge");
      const pi = params.str("payment_intent");
      const created = createdFilter(params);
      const items = newestFirst(world.store.disputes).filter(
        (d) =>
          (charge === undefined || d.charge === charge) &&
          (pi === undefined || d.payment_intent === pi) &&
          created(d),
      );
      return respond(req, paginate(items, params, "/v1/disputes"));
    },
  },
  {
    method: "GET",
    path: "/disputes/:id",
    handler: retrieve("dispute", (r) => r.world.store.disputes.get(r.ids[0])),
  },
  {
    // Evidence is not modelled: `submit=true` hands the dispute to the bank for review.
    method: "POST",
    path: "/disputes/:id",
    handler: (req) => {
      req.params.allow(["evidence", "metadata", "submit", "expand"]);
      const dispute = req.world.store.disputes.get(req.ids[0]);
      if (!dispute) throw noSuch("dispute", req.ids[0]);
      dispute.metadata = applyMetadata(dispute.metadata, req.params.metadata());
      const evidence = req.params.obj("evidence");
      const text = evidence?.str("uncategorized_text") ?? null;
      if (req.params.bool("submit") ?? true) submitDisputeEvidence(req.world, dispute.id, text);
      return respond(req, dispute);
    },
  },
  {
    method: "POST",
    path: "/disputes/:id/close",
    handler: (req) => {
      req.params.allow(["expand"]);
      return respond(req, acceptDispute(req.world, req.ids[0]));
    },
  },
  {
    method: "GET",
    path: "/mandates/:id",
    handler: retrieve("mandate", (r) => r.world.store.mandates.get(r.ids[0])),
  },
  {
    method: "GET",
    path: "/events",
    handler: (req) => {
      const { world, params } = req;
      params.allow([...LIST_PARAMS, "type", "types", "delivery_success"]);
      const type = params.str("type");
      const types = params.strList("types");
      // `type` accepts a trailing wildcard, e.g. "charge.dispute.*".
      const matches = (t: string) =>
        type === undefined || (type.endsWith(".*") ? t.startsWith(type.slice(0, -1)) : t === type);
      const created = createdFilter(params);
      const items = newestFirst(world.store.events).filter(
        (e) => matches(e.type) && (types.length === 0 || types.includes(e.type)) && created(e),
      );
      return respond(req, paginate(items, params, "/v1/events"));
    },
  },
  {
    method: "GET",
    path: "/events/:id",
    handler: retrieve("event", (r) => r.world.store.events.get(r.ids[0])),
  },
];
