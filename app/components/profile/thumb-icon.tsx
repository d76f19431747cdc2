/**
 * The 点赞 thumb, drawn rather than an emoji: the phones and browsers here do
 * not all carry an emoji font, and a missing glyph shows as a box. Always
 * beside words that say the same, so it is hidden from screen readers.
 */
export function ThumbIcon({ className }: { className?: string }) {
  return (
    <svg
      className={className ? `thumb-icon ${className}` : "thumb-icon"}
      viewBox="0 0 24 24"
      width="18"
      height="18"
      aria-hidden="true"
      focusable="false"
    >
      <path d="M2 21h3.5V9.5H2V21zm20.5-10.2c0-1.1-.9-2-2-2h-6.1l.9-4.4.03-.3c0-.4-.17-.8-.44-1.06L13.8 2 7.6 8.2c-.36.36-.6.86-.6 1.4V19c0 1.1.9 2 2 2h8.6c.83 0 1.54-.5 1.84-1.2l2.9-6.8c.1-.23.15-.48.15-.74v-1.46z" />
    </svg>
  );
}
