/** Title, what is open, and the open controls. */
import { useAppStore } from '../../state/store';
import { useSameFields } from '../use-same-fields';
import { headerInfo } from './header-info';
import { formatBytes } from '../format';
import { OpenControls } from './OpenControls';
import { ShareButton } from '../share/ShareButton';
import { HelpButton } from '../help/HelpButton';
import { KernelVersionPicker } from '../source-link/KernelVersionPicker';
import { ThemePicker } from './ThemePicker';
import { CompareButton } from '../compare/CompareButton';

export function Header() {
  // Its fields, kept as one object while they stay the same (the fingerprint's arrival is not a change).
  const shown = useAppStore(useSameFields(headerInfo));
  const info = shown.ready ? shown : null;
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
