import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import type { RobotMessageView, RobotView } from "~/domain/notifications/robots.server";
import { Lang, useFormat, useT } from "~/i18n/react";

// The group robots on /admin/robots and a robot's own page (issue 17,
// item 4): what a robot is (its secret and webhook masked), and its latest
// messages with their state.

type Level = 2 | 3;

/** A heading of the level the page gives the card (h2 on a robot's page, h3 under its unit on the list). */
function Heading({ level, id, children }: { level: Level | 4; id: string; children: ReactNode }) {
  if (level === 2) return <h2 id={id}>{children}</h2>;
  if (level === 3) return <h3 id={id}>{children}</h3>;
  return <h4 id={id}>{children}</h4>;
}

/** A robot: its facts, Edit (on the list) and Send a test message, and its latest messages. */
export function RobotCard({ robot, level, withEdit }: { robot: RobotView; level: Level; withEdit: boolean }) {
  const t = useT();
  const format = useFormat();
  const headingId = `robot-${robot.id}`;
  return (
    <article className="card robot" aria-labelledby={headingId}>
      <Heading level={level} id={headingId}>
        <Lang>{robot.name}</Lang>{" "}
        <span className={robot.enabled ? "badge" : "badge badge--muted"}>{t(robot.enabled ? "robots.state.on" : "robots.state.off")}</span>
      </Heading>
      <dl className="facts robot-facts">
        <div>
          <dt>{t("robots.fact.platform")}</dt>
          <dd>{t(`robots.platform.${robot.platform}`)}</dd>
        </div>
        <div>
          <dt>{t("robots.fact.locale")}</dt>
          <dd>{t(`robots.locale.${robot.locale}`)}</dd>
        </div>
        <div>
          <dt>{t("robots.fact.secret")}</dt>
          <dd>{robot.secret ? <code>{robot.secret}</code> : t("robots.secret.none")}</dd>
        </div>
        <div className="robot-facts__wide">
          <dt>{t("robots.fact.webhookUrl")}</dt>
          <dd>
            <code>{robot.webhookUrl}</code>
          </dd>
        </div>
        <div className="robot-facts__wide">
          <dt>{t("robots.fact.events")}</dt>
          <dd>{robot.events.length ? format.list(robot.events.map((e) => t(`robots.event.${e}`))) : t("robots.events.none")}</dd>
        </div>
      </dl>
      <div className="robot-actions">
        {withEdit ? (
          <Link to={`/admin/robots/${robot.id}`} className="button" aria-describedby={headingId}>
            {t("robots.editButton")}
          </Link>
        ) : null}
        <Form method="post">
          <input type="hidden" name="id" value={robot.id} />
          <button type="submit" name="intent" value="test" className="button" aria-describedby={`${headingId} ${headingId}-test-hint`}>
            {t("robots.test")}
          </button>
        </Form>
        <p className="hint" id={`${headingId}-test-hint`}>
          {t("robots.test.hint")}
        </p>
      </div>
      <Heading level={(level + 1) as 3 | 4} id={`${headingId}-messages`}>
        {t("robots.messages.title")}
      </Heading>
      <RobotMessages messages={robot.messages} labelledBy={`${headingId}-messages`} />
    </article>
  );
}

/**
 * A robot's latest messages: what each said, whether it was sent, waits (and
 * until when), waits to be tried again, failed — with the platform's or the
 * network's words — or is in doubt.
 */
export function RobotMessages({ messages, labelledBy }: { messages: readonly RobotMessageView[]; labelledBy: string }) {
  const t = useT();
  const format = useFormat();
  if (messages.length === 0) return <p className="hint">{t("robots.messages.none")}</p>;
  return (
    <div className="table-wrap">
      <table aria-labelledby={labelledBy}>
        <thead>
          <tr>
            <th scope="col">{t("robots.messages.col.message")}</th>
            <th scope="col">{t("robots.messages.col.state")}</th>
            <th scope="col">{t("robots.messages.col.when")}</th>
            <th scope="col">{t("robots.messages.col.error")}</th>
          </tr>
        </thead>
        <tbody>
          {messages.map((m) => {
            const waitsLonger =
              (m.state === "waiting" || m.state === "retrying") && new Date(m.notBefore).getTime() > new Date(m.createdAt).getTime() + 1000;
            return (
              <tr key={m.id} className={`robot-message robot-message--${m.state}`}>
                <td>{m.title}</td>
                <td>
                  {t(`robots.msgState.${m.state}`)}
                  {m.tries > 1 || (m.tries === 1 && m.state !== "sent") ? (
                    <span className="hint robot-message__more">{t("robots.messages.tries", { count: m.tries })}</span>
                  ) : null}
                  {waitsLonger ? (
                    <span className="hint robot-message__more">{t("robots.messages.notBefore", { time: format.dateTime(m.notBefore) })}</span>
                  ) : null}
                </td>
                <td>{format.dateTime(m.sentAt ?? m.createdAt)}</td>
                {/* The platform's and the network's words are the operators', in English, whatever the page's language. */}
                <td>{m.error ? <code lang="en">{m.error}</code> : "—"}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
