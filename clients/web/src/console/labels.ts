// The words the console uses for the API's enum values.
import { ApiKeyRole } from "../gen/nexus/v1/access_pb";
import { ChannelKind, ChannelProfile } from "../gen/nexus/v1/channel_pb";
import { DeliveryStatus } from "../gen/nexus/v1/delivery_pb";
import {
  CompletionReason,
  Direction,
  MediaType,
  MessageDeliveryState,
  ParticipantRole,
  State,
} from "../gen/nexus/v1/interaction_pb";

/** `MEDIA_TYPE_THIRD_PARTY`-style enum key → "Third party". */
function words(key: string | undefined): string {
  if (!key || key === "UNSPECIFIED") return "—";
  const s = key.toLowerCase().replace(/_/g, " ");
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The enum key (`QUEUED`), used in data-state attributes and CSS classes. */
export function stateKey(s: State): string {
  return State[s] ?? "UNSPECIFIED";
}

export const stateLabel = (s: State) => (s === State.WRAP_UP ? "Wrap-up" : words(State[s]));
export const mediaLabel = (m: MediaType) => (m === MediaType.SMS ? "SMS" : m === MediaType.EMAIL ? "Email" : words(MediaType[m]));
export const directionLabel = (d: Direction) => words(Direction[d]);
export const roleLabel = (r: ParticipantRole) => words(ParticipantRole[r]);
export const completionLabel = (r: CompletionReason) => words(CompletionReason[r]);
export const deliveryStateLabel = (s: MessageDeliveryState) => words(MessageDeliveryState[s]);
export const deliveryStatusLabel = (s: DeliveryStatus) => words(DeliveryStatus[s]);
export const apiKeyRoleLabel = (r: ApiKeyRole) => words(ApiKeyRole[r]);
export const channelKindLabel = (k: ChannelKind) => (k === ChannelKind.SMS ? "SMS" : words(ChannelKind[k]));
export const channelProfileLabel = (p: ChannelProfile) =>
  p === ChannelProfile.GENESYS_TPM ? "Genesys TPM" : p === ChannelProfile.SMTP ? "SMTP" : words(ChannelProfile[p]);

/** "Send message" from "SendMessage"; for methods the console has no label for. */
export function methodLabel(method: string): string {
  return words(method.replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase());
}

/** The id part of a resource name: `interactions/abc` → `abc`. */
export function shortName(name: string): string {
  return name.slice(name.lastIndexOf("/") + 1);
}
