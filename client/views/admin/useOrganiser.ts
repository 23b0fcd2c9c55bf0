import { useEffect, useState } from "react";
import type { AdminScope } from "../../../shared/protocol/admin";
import { fetchSession } from "./api";
import { saveAdminToken, takeTokenFromAddress } from "./token";

export type OrganiserState =
  | { status: "none" }
  | { status: "checking" }
  | { status: "ok"; scope: AdminScope }
  | { status: "refused"; code: string }
  | { status: "network" };

/** The organisers' token of this tab and what the server says it is (the admin, or one cluster's organiser). */
export function useOrganiser() {
  const [token, setTokenState] = useState(takeTokenFromAddress);
  const [state, setState] = useState<OrganiserState>(token ? { status: "checking" } : { status: "none" });
  useEffect(() => {
    if (!token) return setState({ status: "none" });
    let cancelled = false;
    setState({ status: "checking" });
    void fetchSession(token).then((res) => {
      if (cancelled) return;
      if (res.ok) setState({ status: "ok", scope: res.data.scope });
      else
        setState(
          res.error.code === "NETWORK" ? { status: "network" } : { status: "refused", code: res.error.code },
        );
    });
    return () => {
      cancelled = true;
    };
  }, [token]);
  const setToken = (next: string) => {
    saveAdminToken(next.trim());
    setTokenState(next.trim());
  };
  return { token, state, setToken };
}
