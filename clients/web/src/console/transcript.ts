// Transcript logic without DOM: merging the copies of a message that the list, the event
// log and the live stream bring (in whatever order), and the status line under each one.
import { Direction, MessageDeliveryState, type Message } from "../gen/nexus/v1/interaction_pb";
import { deliveryStateLabel } from "./labels";

/** The newest view of a message from two copies. A message only moves forward (delivery
 * ACCEPTED → SENT → DELIVERED → READ, or FAILED; read once read), so whichever copy is
 * further along wins field by field, and an older copy can never undo a newer one. */
export function mergeMessage(held: Message | undefined, incoming: Message): Message {
  if (!held) return incoming;
  const heldRank = held.delivery?.state ?? MessageDeliveryState.UNSPECIFIED;
  const inRank = incoming.delivery?.state ?? MessageDeliveryState.UNSPECIFIED;
  return {
    ...incoming,
    delivery: inRank >= heldRank ? incoming.delivery : held.delivery,
    readTime: incoming.readTime ?? held.readTime,
  };
}

/** What happened to a message since it was written: "Delivered", "Failed: 30003 unreachable",
 * "Read", "Unread"; empty for internal notes. */
export function messageStatus(m: Message): string {
  if (m.internal) return "";
  if (m.direction === Direction.INBOUND) return m.readTime ? "Read" : "Unread";
  const d = m.delivery;
  if (d && d.state !== MessageDeliveryState.UNSPECIFIED) {
    if (d.state === MessageDeliveryState.FAILED) {
      const why = [d.errorCode, d.errorMessage].filter(Boolean).join(" ");
      return why ? `Failed: ${why}` : "Failed";
    }
    if (m.readTime && d.state !== MessageDeliveryState.READ) return "Read";
    // A message still waiting for its provider after failed tries says so.
    if (d.state === MessageDeliveryState.ACCEPTED && d.attempts > 0) {
      return `Accepted · ${d.attempts} ${d.attempts === 1 ? "attempt" : "attempts"} so far`;
    }
    return deliveryStateLabel(d.state);
  }
  return m.readTime ? "Read" : "Sent";
}

/** An inbound customer message nobody has marked read yet: the console marks it when
 * it shows it. */
export function needsReadMark(m: Message): boolean {
  return m.direction === Direction.INBOUND && !m.internal && !m.readTime;
}
