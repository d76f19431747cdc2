import type { Db } from "../../../db/client";
import { formatList } from "~/i18n";

// Who or what an audit entry is about, by name and with a link (issue 14,
// item 14): the person, the campaign, the title, the nomination, the unit, the
// import. Entries name their subject by what was at hand when they were
// written: most by employee number or slug, a few by row id (sign-in and
// sign-out by the person's id, a ballot by the campaign's id), so the action
// says which.

export interface NamedSubject {
  type: string;
  id: string;
  /** Its name in both languages (a person's name is the same in both); null when it no longer exists. */
  name: { nameZh: string; nameEn: string | null } | null;
  /** What identifies it besides its name: an employee number, a number. */
  detail: string | null;
  /** Its page, for an administrator. */
  href: string | null;
}

/** Actions whose subject is a row id rather than an employee number or a slug. */
const byRowId = new Set(["auth.signed_in", "auth.signed_out", "ballot.cast"]);

const numeric = (ids: string[]) => ids.filter((id) => /^\d{1,9}$/.test(id)).map(Number);

export async function nameSubjects(
  db: Db,
  entries: ReadonlyArray<{ action: string; subjectType: string | null; subjectId: string | null }>,
): Promise<Array<NamedSubject | null>> {
  const ids = (type: string, byId: boolean) => [
    ...new Set(entries.filter((e) => e.subjectType === type && e.subjectId !== null && byRowId.has(e.action) === byId).map((e) => e.subjectId!)),
  ];
  const [people, peopleById, campaigns, campaignsById, titles, units, nominations, imports] = await Promise.all([
    ids("person", false).length
      ? db.selectFrom("people").select(["id", "employee_no", "name"]).where("employee_no", "in", ids("person", false)).execute()
      : [],
    numeric(ids("person", true)).length
      ? db
          .selectFrom("people")
          .select(["id", "employee_no", "name"])
          .where("id", "in", numeric(ids("person", true)))
          .execute()
      : [],
    ids("campaign", false).length
      ? db.selectFrom("campaigns").select(["id", "slug", "name_zh", "name_en"]).where("slug", "in", ids("campaign", false)).execute()
      : [],
    numeric(ids("campaign", true)).length
      ? db
          .selectFrom("campaigns")
          .select(["id", "slug", "name_zh", "name_en"])
          .where("id", "in", numeric(ids("campaign", true)))
          .execute()
      : [],
    ids("title", false).length
      ? db.selectFrom("titles").select(["slug", "name_zh", "name_en"]).where("slug", "in", ids("title", false)).execute()
      : [],
    ids("unit", false).length
      ? db.selectFrom("org_units").select(["code", "name_zh", "name_en"]).where("code", "in", ids("unit", false)).execute()
      : [],
    numeric(ids("nomination", false)).length
      ? db
          .selectFrom("nominations as n")
          .innerJoin("campaigns as c", "c.id", "n.campaign_id")
          .leftJoin("nomination_nominees as nn", "nn.nomination_id", "n.id")
          .leftJoin("people as p", "p.id", "nn.person_id")
          .select(["n.id", "n.team_name", "c.slug", "p.name"])
          .where("n.id", "in", numeric(ids("nomination", false)))
          .orderBy("n.id")
          .orderBy("nn.position")
          .execute()
      : [],
    numeric(ids("import", false)).length
      ? db
          .selectFrom("imports")
          .select(["id", "file_name"])
          .where("id", "in", numeric(ids("import", false)))
          .execute()
      : [],
  ]);
  return entries.map((e): NamedSubject | null => {
    if (e.subjectType === null) return null;
    const id = e.subjectId ?? "";
    const base = { type: e.subjectType, id, name: null, detail: null, href: null };
    const byId = byRowId.has(e.action);
    switch (e.subjectType) {
      case "person": {
        const p = byId ? peopleById.find((x) => String(x.id) === id) : people.find((x) => x.employee_no === id);
        return p
          ? { ...base, name: { nameZh: p.name, nameEn: p.name }, detail: p.employee_no, href: `/admin/people/${encodeURIComponent(p.employee_no)}` }
          : { ...base, detail: id };
      }
      case "campaign": {
        const c = byId ? campaignsById.find((x) => String(x.id) === id) : campaigns.find((x) => x.slug === id);
        return c ? { ...base, name: { nameZh: c.name_zh, nameEn: c.name_en }, href: `/campaigns/${c.slug}` } : { ...base, detail: id };
      }
      case "title": {
        const t = titles.find((x) => x.slug === id);
        return t ? { ...base, name: { nameZh: t.name_zh, nameEn: t.name_en }, href: `/admin/titles/${t.slug}` } : { ...base, detail: id };
      }
      case "unit": {
        const u = units.find((x) => x.code === id);
        return u
          ? { ...base, name: { nameZh: u.name_zh, nameEn: u.name_en }, detail: u.code, href: `/admin/people?unit=${encodeURIComponent(u.code)}` }
          : { ...base, detail: id };
      }
      case "nomination": {
        const rows = nominations.filter((x) => String(x.id) === id);
        if (!rows.length) return { ...base, detail: `#${id}` };
        const names = rows.flatMap((r) => (r.name ? [r.name] : []));
        const team = rows[0].team_name;
        const name = team
          ? { nameZh: team, nameEn: team }
          : names.length
            ? { nameZh: formatList("zh-CN", names), nameEn: formatList("en", names) }
            : null;
        return { ...base, name, detail: `#${id}`, href: `/campaigns/${rows[0].slug}/nominations/${id}` };
      }
      case "import": {
        const i = imports.find((x) => String(x.id) === id);
        return { ...base, name: i ? { nameZh: i.file_name, nameEn: i.file_name } : null, detail: `#${id}`, href: i ? `/admin/imports/${id}` : null };
      }
      default:
        return { ...base, detail: id ? `#${id}` : null };
    }
  });
}
