/** The sections of docs/protocol.md, by number: every case names the one it checks. */
export const SECTIONS = {
  '1': 'Transport',
  '2': 'Ids',
  '3': 'Frame format and validation',
  '4': 'Connection lifecycle',
  '5': 'Following conversations',
  '6': 'Loading and listing conversations',
  '7': 'Sending a message',
  '8': 'Streaming a reply',
  '9': 'Subscribing and unsubscribing',
  '10': 'Stopping a generation',
  '11': 'Disconnects and retention',
  '12': 'Heartbeat',
  '13': 'Errors',
  '15': 'Authorization',
  '16': 'Limits',
  '17': 'Versioning',
  '18': 'Graceful shutdown',
  '19': 'Frame reference',
  '21': 'Invalid frames',
  '22': 'Message parts (v2)',
} as const;

export type SectionId = keyof typeof SECTIONS;

/** "§7 Sending a message": how reports and failure messages name a section. */
export function sectionLabel(section: SectionId): string {
  return `§${section} ${SECTIONS[section]}`;
}
