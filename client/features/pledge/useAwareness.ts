import { useCallback, useEffect, useState } from "react";
import type { YjsConnection } from "../../realtime/yjs-connection";

/** What each editor announces through y-websocket awareness: who, and the field being edited. */
interface Presence {
  name: string;
  field: string | null;
}

export interface UseAwareness {
  /** Names of the other people editing `field` right now. */
  editorsOf: (field: string) => string[];
  /** Announces the field this device is editing (null when none). */
  setField: (field: string | null) => void;
}

/** Live highlights of who edits which field of the draft. */
export function useAwareness(provider: YjsConnection | null, name: string): UseAwareness {
  const [others, setOthers] = useState<Presence[]>([]);
  useEffect(() => {
    if (!provider) return;
    const { awareness } = provider;
    awareness.setLocalStateField("user", { name, field: null } satisfies Presence);
    const read = () => {
      const list: Presence[] = [];
      awareness.getStates().forEach((s, clientId) => {
        const user = (s as { user?: Partial<Presence> }).user;
        if (clientId === awareness.clientID || !user || typeof user.name !== "string") return;
        list.push({ name: user.name, field: typeof user.field === "string" ? user.field : null });
      });
      setOthers(list);
    };
    awareness.on("change", read);
    read();
    return () => {
      awareness.off("change", read);
      awareness.setLocalState(null);
    };
  }, [provider, name]);

  const editorsOf = useCallback((field: string) => others.filter((o) => o.field === field).map((o) => o.name), [others]);
  const setField = useCallback(
    (field: string | null) => provider?.awareness.setLocalStateField("user", { name, field } satisfies Presence),
    [provider, name],
  );
  return { editorsOf, setField };
}
