import { useRichT } from "~/i18n/react";

/**
 * Says that a published text was corrected, in which version of the honour
 * roll and why — beside the text itself, on the nomination page and the
 * profile (the roll says it once for the whole version). The reason is what
 * the administrator typed: marked with its own language.
 */
export function CorrectionNote({
  what,
  correction,
}: {
  what: "citation" | "stories";
  correction: { version: number; reason: string } | null | undefined;
}) {
  const rich = useRichT();
  if (!correction) return null;
  return (
    <p className="correction-note" role="note">
      {rich(what === "citation" ? "honorRoll.corrected.citation" : "honorRoll.corrected.stories", {
        version: correction.version,
        reason: correction.reason,
      })}
    </p>
  );
}
