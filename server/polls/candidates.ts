import { ERROR_CODES } from "../../shared/protocol/errors";
import type { PollCreate } from "../../shared/protocol/polls";
import { DomainError as Refusal } from "../errors";
import type { MeetingRoom } from "../meetings/room";

/**
 * Who stands in a new poll, or a refusal that names why. The acclamation of the ranking lists its candidates
 * in score order, from the locked table (the first 60 when none are named; the named ones in score order,
 * each of them in the ranking); any other poll takes the units it names. Every candidate and every excluded
 * unit must be a unit of the meeting.
 */
export function pollCandidates(room: MeetingRoom, input: PollCreate): string[] {
  const codes = new Set(room.definition.units.map((u) => u.code));
  let candidates = input.candidates ?? [];
  const ranking = room.scoreState.stage === "locked" ? room.scoreState.ranking : null;
  if (input.subject === "ranking" && input.kind !== "motion") {
    if (!input.candidates && !ranking)
      throw new Refusal(ERROR_CODES.CONFLICT, "Bảng điểm chưa được khóa: hãy thống nhất chấm điểm trước, hoặc nêu danh sách. (Lock the score table first, or name the candidates.)");
    if (ranking) {
      const off = candidates.filter((c) => !ranking.includes(c));
      if (off.length) throw new Refusal(ERROR_CODES.BAD_REQUEST, `${off.join(", ")} không có trong bảng xếp hạng. (Not in the locked ranking.)`);
      candidates = input.candidates ? ranking.filter((u) => candidates.includes(u)) : ranking.slice(0, 60);
    }
  }
  const unknown = [...candidates, ...(input.excluded ?? [])].filter((c) => !codes.has(c));
  if (unknown.length) throw new Refusal(ERROR_CODES.NOT_FOUND, `Không có đơn vị ${unknown.join(", ")}. (No such unit.)`);
  return candidates;
}
