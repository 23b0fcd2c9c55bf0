/**
 * A new, empty definition for the form: every list empty, the rules at their usual values. A cluster
 * organiser's form starts in its own cluster (the only one its link may create).
 */
export function blankDefinition(year: number, clusterId?: string): unknown {
  return {
    cluster: { ...(clusterId ? { id: clusterId } : {}), name: "", province: "", year },
    // No date yet: the form says "chưa nhập" rather than a format problem.
    conference: { title: "" },
    units: [],
    criteria: { groups: [], bonus: { cap: 0, items: [] }, deductions: [] },
    agenda: [],
    rules: {
      quorum: { comparison: "gte", numerator: 2, denominator: 3 },
      threshold: { comparison: "gt", numerator: 1, denominator: 2 },
      base: "members",
      selfVoteAllowed: true,
      tieBreak: ["core_group", "fewer_deductions", "more_bonus"],
      signingOrder: "free",
      chairMayAdoptPledge: false,
    },
    pledge: {
      header: {
        left: [],
        right: ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"],
        placeDate: "",
        title: `BẢN GIAO ƯỚC THI ĐUA NĂM ${year + 1}`,
      },
      legalBases: [],
      preamble: "",
      sections: [],
      signatureCaption: "",
    },
  };
}
