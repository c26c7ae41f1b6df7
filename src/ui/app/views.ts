/**
 * The views area's tabs. THIS IS THE SLOT FOR NEW VIEWS: add one entry per view (flame
 * graph, call tree, search…), each a component in its own folder under src/ui/ that reads
 * the store and asks the worker (through state/ actions) for what it shows.
 * The first entry is the default tab.
 */
import type { ComponentType } from 'react';
import { FlameChartView } from '../flame-chart/FlameChartView';
import { FlameGraphView } from '../flame-graph/FlameGraphView';
import { SummaryView } from '../summary/SummaryView';
import { CallTreeView } from '../call-tree/CallTreeView';
import { FunctionsView } from '../functions/FunctionsView';
import { EventsView } from '../events/EventsView';

export interface ViewDefinition {
  /** Stable id, also stored in the view slice (and later in the URL). */
  id: string;
  /** Tab label. */
  label: string;
  component: ComponentType;
}

export const VIEWS: readonly ViewDefinition[] = [
  { id: 'flame', label: 'Flame graph', component: FlameGraphView },
  { id: 'chart', label: 'Flame chart', component: FlameChartView },
  { id: 'summary', label: 'Summary', component: SummaryView },
  { id: 'tree', label: 'Call tree', component: CallTreeView },
  { id: 'functions', label: 'Functions', component: FunctionsView },
  { id: 'events', label: 'Events', component: EventsView },
];
