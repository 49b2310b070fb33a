import { memo } from 'react';
import { useConversationList } from '@rejoin/react';
import { ConversationList } from '@rejoin/ui/react';

export interface SidebarProps {
  readonly activeId: string;
  readonly onSelect: (conversationId: string) => void;
  readonly onNew: () => void;
  readonly onSignOut: () => void;
}

/** The brand, the conversations with their streaming dots, and sign-out. */
export const Sidebar = memo(function Sidebar({ activeId, onSelect, onNew, onSignOut }: SidebarProps) {
  const items = useConversationList();
  return (
    <aside className="demo-sidebar">
      <header className="demo-brand">
        <span className="demo-logo" aria-hidden="true" />
        <span>Rejoin</span>
        <span className="demo-brand__tag">demo</span>
      </header>
      <ConversationList items={items} activeId={activeId} onSelect={onSelect} onNew={onNew} />
      <footer className="demo-sidebar__footer">
        <p>Your chats belong to this browser.</p>
        <button type="button" className="rj-button rj-button--small" data-testid="sign-out" onClick={onSignOut}>
          Sign out
        </button>
      </footer>
    </aside>
  );
});
