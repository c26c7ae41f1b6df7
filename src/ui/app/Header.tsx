/** Title, what is open, and the open controls. */
import { useAppStore } from '../../state/store';
import { formatBytes } from '../format';
import { OpenControls } from './OpenControls';
import { ShareButton } from '../share/ShareButton';
import { HelpButton } from '../help/HelpButton';
import { KernelVersionPicker } from '../source-link/KernelVersionPicker';
import { ThemePicker } from './ThemePicker';
import { CompareButton } from '../compare/CompareButton';

export function Header() {
  const info = useAppStore((s) => (s.session.status === 'ready' ? s.session.info : null));
  const sourceName = useAppStore((s) => s.session.source?.name ?? '');
  return (
    <header className="app-header">
      <h1 className="app-title">ftrace explorer</h1>
      {info && (
        <p className="app-trace" title={sourceName}>
          <span className="app-trace-name">
            <bdi>{sourceName || info.name}</bdi>
          </span>
          <span className="muted app-trace-detail">
            · {info.formatLabel} · {formatBytes(info.inputBytes)}
            {info.gzip ? ` (${formatBytes(info.textBytes)} text)` : ''}
          </span>
        </p>
      )}
      {info && <KernelVersionPicker />}
      <OpenControls />
      <CompareButton />
      <ShareButton />
      <ThemePicker />
      <HelpButton />
    </header>
  );
}
