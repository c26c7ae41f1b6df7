/** The tabs of compare mode (the views area shows these instead of the single-trace views). */
import type { ComponentType } from 'react';
import type { CompareView } from '../../state/slices/compare';
import { ComparedFunctionsView } from './ComparedFunctionsView';
import { ComparedTreeView } from './ComparedTreeView';
import { DiffFlameView } from './DiffFlameView';
import { SidesView } from './SidesView';

export const COMPARE_VIEWS: readonly { id: CompareView; label: string; component: ComponentType }[] = [
  { id: 'diff-flame', label: 'Differential flame graph', component: DiffFlameView },
  { id: 'compared-functions', label: 'Compared functions', component: ComparedFunctionsView },
  { id: 'compared-tree', label: 'Compared call tree', component: ComparedTreeView },
  { id: 'sides', label: 'Sides', component: SidesView },
];
