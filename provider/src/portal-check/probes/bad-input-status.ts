import { DEFAULT_RETRY_POLICY } from "../../core/client";
import { differs, holds, needsWrites } from "../model";
import { answerOf, describeAnswer, succeeded } from "../portal-answer";
import { type Probe } from "../probe";
import { FAKE_CREDENTIAL_WITHOUT_SECRET } from "./fake-values";

export const badInputStatus: Probe = {
  id: "bad-input-status",
  title: "bad input answered with 500",
  expected:
    "A recording credential without a required field (here the S3 secret) is refused with 500, the portal's answer to bad input, which the provider never retries",
  async run(ctx) {
    if (!ctx.scratch) return needsWrites("sending an incomplete recording credential to a scratch account");
    const answer = await answerOf(ctx.client, "PUT", ["Accounts", ctx.scratch.primary], {
      body: { bucket_credential: FAKE_CREDENTIAL_WITHOUT_SECRET },
    });
    const observed = `PUT of an S3 credential without secret_access_key: ${describeAnswer(answer)}`;
    if (answer.status === 500) return holds(observed);
    if (succeeded(answer)) {
      return differs(
        observed,
        "The portal stored a credential without its secret. The provider never sends one (it checks each vendor's required fields at plan time), but credentials written by other tools may be incomplete.",
      );
    }
    if (DEFAULT_RETRY_POLICY.retryStatuses.includes(answer.status)) {
      return differs(
        observed,
        `The provider retries ${answer.status} before failing. Its own requests do not meet this: it checks required fields at plan time.`,
      );
    }
    return differs(
      observed,
      "None needed: the provider checks required fields at plan time, and reports any refusal with the portal's message without retrying it.",
    );
  },
};
