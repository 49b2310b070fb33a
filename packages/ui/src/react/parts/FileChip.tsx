import { memo } from 'react';
import type { FilePart } from '@rejoin/core';
import { fileName, isImage } from '../../shared/partLabels.ts';

export interface FileChipProps {
  readonly part: FilePart;
}

/**
 * A file in the reply, as a link chip: its name (or its URL's last segment) and media type, and a
 * thumbnail for an image. The thumbnail is decorative (the name says what it is) and lazy, so a long
 * history does not fetch every image at once (and React's server renderer does not preload it).
 */
export const FileChip = memo(function FileChip({ part }: FileChipProps) {
  return (
    <a className="rj-chip rj-chip--file" data-testid="file" href={part.url} target="_blank" rel="noopener noreferrer">
      {isImage(part.mediaType) ? <img className="rj-chip__thumb" src={part.url} alt="" loading="lazy" /> : null}
      <span className="rj-chip__name">{fileName(part)}</span>
      <span className="rj-chip__type">{part.mediaType}</span>
    </a>
  );
});
