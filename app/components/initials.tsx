import { initialsOf } from "~/domain/initials";
import { langOf } from "~/i18n/lang";

/**
 * The placeholder for a missing photo, the same everywhere: the initials
 * (initialsOf) in the roll's red and pale gold (.initials in app.css). The
 * place sets its size and shape with `className`. With `label` it is the
 * photo's stand-in (role img); without, decoration beside the name.
 */
export function Initials({
  name,
  kind = "person",
  label,
  className,
}: {
  name: string;
  kind?: "person" | "team";
  label?: string;
  className?: string;
}) {
  return (
    <span
      className={className ? `initials ${className}` : "initials"}
      {...(label ? { role: "img", "aria-label": label } : { "aria-hidden": true })}
      lang={langOf(name)}
    >
      {initialsOf(name, kind)}
    </span>
  );
}
