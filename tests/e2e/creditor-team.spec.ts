// The team page's invitation, answered in the browser: once hydrated, Remix posts the form
// with fetch and React draws the answer, so all it shows must reach the browser as data.
// The link's lifetime once came from a .server module (INVITE_DAYS), which the client build
// empties: the server's HTML said "for 7 days", the browser's "for  days".
import { expect, test } from "@playwright/test";
import { creditorSession } from "../support/a11y";
import { waitForHydration } from "../support/e2e";
import { newCreditorUser } from "../support/e2e-data";

test("an invitation made with JavaScript says how many days its link works", async ({
  page,
  context,
}) => {
  const owner = await newCreditorUser(context.request, { kind: "first_party" });
  await creditorSession(context, owner.email, owner.password);
  await page.goto("/creditor/users");
  await waitForHydration(page);
  await page.getByLabel("Name").fill("Riley Quinn");
  await page.getByLabel("Email address").fill(`riley.${Date.now()}@example.com`);
  await page.getByRole("button", { name: "Create invitation" }).click();
  await expect(page.getByTestId("invite-url")).toContainText("/creditor/invite/");
  await expect(page.getByText(/it works once, for 7 days\):/)).toBeVisible();
});
