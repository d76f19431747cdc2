import type { AppLoadContext } from "@remix-run/node";
import type { User } from "~/domain/auth/user";
import { robotActionSchema } from "~/domain/notifications/robot-schema";
import { sendTestMessage, type TestOutcome } from "~/domain/notifications/robots.server";
import { throwRefusal } from "./forbidden.server";
import { parseForm } from "./form.server";
import { redirectWithNotice } from "./notice.server";

// The Send-a-test-message button, on /admin/robots and on a robot's own page:
// the message goes at once and the page it came from says how it went
// (Post/Redirect/Get, so it works without JavaScript).

const sentence = {
  sent: "robots.test.sent",
  queued: "robots.test.queued",
  failed: "robots.test.failed",
  retrying: "robots.test.failed",
  postponed: "robots.test.queued",
  inDoubt: "robots.test.inDoubt",
} as const satisfies Record<TestOutcome["outcome"], string>;

/** Whether the posted form is the test button's. */
export const isRobotTest = (form: FormData) => form.get("intent") === "test";

export async function answerRobotTest(request: Request, context: AppLoadContext, user: User, form: FormData, back: string): Promise<Response> {
  const submission = parseForm(form, robotActionSchema);
  if (submission.status !== "success") throw new Response(null, { status: 400 });
  const result = await sendTestMessage(context.db, user, submission.value.id);
  if (!result.ok) throwRefusal(result);
  const { name, outcome, error } = result.value;
  return redirectWithNotice(request, back, sentence[outcome], { name, error: error ?? "" });
}
