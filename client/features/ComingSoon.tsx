import { useT, type MessageKey } from "../i18n";

/** An honest empty state: says what will appear here, shows no invented data. */
export function ComingSoon({ textKey }: { textKey: MessageKey }) {
  const t = useT();
  return (
    <p className="coming-soon" data-testid="coming-soon">
      {t(textKey)}
    </p>
  );
}

export const comingSoon = (textKey: MessageKey) => {
  const Placeholder = () => <ComingSoon textKey={textKey} />;
  Placeholder.displayName = `ComingSoon(${textKey})`;
  return Placeholder;
};
