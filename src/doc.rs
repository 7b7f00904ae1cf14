//! The shared document: a workspace, its history, and what is derived from it (moments
//! per stage, findings), recomputed when the document changes and never per frame.
//! No terminal here: one `Doc` can be shown to many sessions at once.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::model::{self, Edit, EditError, Finding, History, MomentId, StageId, Step, Workspace};

/// What every frame needs: where each moment is. Rebuilt on every change (cheap).
#[derive(Debug, Default)]
pub struct Derived {
    /// Indexes into `ws.moments`, per stage, in board order.
    pub by_stage: HashMap<StageId, Vec<usize>>,
    /// Where each moment is in `ws.moments`.
    pub moment_index: HashMap<MomentId, usize>,
    /// The findings and the views' aggregates, computed once per change when first
    /// asked for (the runtime asks right after drawing, so views find them ready).
    analysis: OnceLock<Analysis>,
}

/// How many moments of each rating the Segments view names per segment; the counts
/// beside them are complete.
pub const SEGMENT_LIST_CAP: usize = 40;

/// Aggregates the views and the Checks tab read.
#[derive(Clone, Debug, Default)]
pub struct Analysis {
    pub findings: Vec<Finding>,
    /// How many findings are worse than information: the count on the Checks tab.
    pub problems: usize,
    /// Per silo: moments it is Accountable for, and moments it has any part in.
    pub silo_totals: HashMap<crate::model::SiloId, (usize, usize)>,
    /// Silo seams, worst first.
    pub seams: Vec<crate::analysis::Seam>,
    /// Segments × stages experience summary.
    pub heatmap: Vec<Vec<crate::analysis::Cell>>,
    /// Moments by priority, highest first.
    pub priorities: Vec<crate::analysis::Priority>,
    /// Per segment, in document order: how many moments are rated bad, neutral, good and
    /// unknown for it (the Segments view's summary).
    pub segment_ratings: Vec<[usize; 4]>,
    /// Per segment and rating (bad, neutral, good, unknown): the first moments so rated,
    /// as indexes into `ws.moments` in board order, at most [`SEGMENT_LIST_CAP`] each.
    pub segment_moments: Vec<[Vec<usize>; 4]>,
    /// Indexes into `ws.actions` in board order of their moments (the Plan view's order).
    pub plan_order: Vec<usize>,
}

impl Derived {
    fn compute(ws: &Workspace) -> Self {
        let mut by_stage: HashMap<StageId, Vec<usize>> = ws
            .stages
            .iter()
            .map(|s| (s.id.clone(), Vec::new()))
            .collect();
        let mut moment_index = HashMap::with_capacity(ws.moments.len());
        for (i, m) in ws.moments.iter().enumerate() {
            by_stage.entry(m.stage.clone()).or_default().push(i);
            moment_index.insert(m.id.clone(), i);
        }
        Self {
            by_stage,
            moment_index,
            analysis: OnceLock::new(),
        }
    }
}

impl Analysis {
    fn compute(ws: &Workspace, by_stage: &HashMap<StageId, Vec<usize>>) -> Self {
        let findings = model::check(ws);
        let problems = findings
            .iter()
            .filter(|f| f.severity != model::Severity::Info)
            .count();
        let mut silo_totals: HashMap<crate::model::SiloId, (usize, usize)> = HashMap::new();
        for m in &ws.moments {
            for o in &m.owners {
                let t = silo_totals.entry(o.silo.clone()).or_default();
                t.1 += 1;
                if o.role == crate::model::Role::Accountable {
                    t.0 += 1;
                }
            }
        }
        let segment_index: HashMap<&crate::model::SegmentId, usize> = ws
            .segments
            .iter()
            .enumerate()
            .map(|(i, g)| (&g.id, i))
            .collect();
        let mut segment_ratings = vec![[0; 4]; ws.segments.len()];
        for m in &ws.moments {
            for (g, e) in &m.experience {
                if let Some(&i) = segment_index.get(g) {
                    segment_ratings[i][rating_slot(*e)] += 1;
                }
            }
        }
        let mut segment_moments = vec![<[Vec<usize>; 4]>::default(); ws.segments.len()];
        for stage in &ws.stages {
            for &i in by_stage.get(&stage.id).into_iter().flatten() {
                for (g, e) in &ws.moments[i].experience {
                    if let Some(&gi) = segment_index.get(g) {
                        let list = &mut segment_moments[gi][rating_slot(*e)];
                        if list.len() < SEGMENT_LIST_CAP {
                            list.push(i);
                        }
                    }
                }
            }
        }
        let moment_index: HashMap<&MomentId, usize> = ws
            .moments
            .iter()
            .enumerate()
            .map(|(i, m)| (&m.id, i))
            .collect();
        let mut plan_order: Vec<usize> = (0..ws.actions.len()).collect();
        plan_order.sort_by_key(|&i| {
            moment_index
                .get(&ws.actions[i].moment)
                .copied()
                .unwrap_or(usize::MAX)
        });
        Self {
            segment_ratings,
            segment_moments,
            plan_order,
            findings,
            problems,
            silo_totals,
            seams: crate::analysis::seams(ws, by_stage),
            heatmap: crate::analysis::heatmap(ws, by_stage),
            priorities: crate::analysis::priorities(ws),
        }
    }
}

/// Where a rating is counted in [`Analysis::segment_ratings`] and listed in
/// [`Analysis::segment_moments`].
pub fn rating_slot(e: model::Experience) -> usize {
    match e {
        model::Experience::Bad => 0,
        model::Experience::Neutral => 1,
        model::Experience::Good => 2,
        model::Experience::Unknown => 3,
    }
}

/// A workspace being worked on.
#[derive(Debug)]
pub struct Doc {
    pub ws: Workspace,
    history: History,
    /// Bumped on every change; sessions and caches compare it.
    pub revision: u64,
    /// The revision last written to disk.
    pub saved_revision: u64,
    pub derived: Derived,
}

impl Doc {
    pub fn new(ws: Workspace) -> Self {
        let derived = Derived::compute(&ws);
        Self {
            ws,
            history: History::default(),
            revision: 0,
            saved_revision: 0,
            derived,
        }
    }

    /// Applies an edit as one undoable step; returns what was done, in words.
    pub fn apply(&mut self, edit: Edit, author: Option<String>) -> Result<String, EditError> {
        let description = self.history.apply(&mut self.ws, edit, author)?;
        self.changed();
        Ok(description)
    }

    pub fn undo(&mut self) -> Option<Result<Step, EditError>> {
        let step = self.history.undo(&mut self.ws)?;
        if step.is_ok() {
            self.changed();
        }
        Some(step)
    }

    pub fn redo(&mut self) -> Option<Result<Step, EditError>> {
        let step = self.history.redo(&mut self.ws)?;
        if step.is_ok() {
            self.changed();
        }
        Some(step)
    }

    /// Replaces the whole workspace, e.g. after reloading a file changed on disk. The
    /// history no longer applies to it and is cleared.
    pub fn replace(&mut self, ws: Workspace) {
        self.ws = ws;
        self.history = History::default();
        self.changed();
        self.saved_revision = self.revision;
    }

    fn changed(&mut self) {
        self.revision += 1;
        self.derived = Derived::compute(&self.ws);
    }

    /// Findings and aggregates for the current revision, computed on first use.
    pub fn analysis(&self) -> &Analysis {
        self.derived
            .analysis
            .get_or_init(|| Analysis::compute(&self.ws, &self.derived.by_stage))
    }

    /// Whether the analysis for the current revision is ready (drawing can show counts
    /// that need it without waiting).
    pub fn analysis_ready(&self) -> Option<&Analysis> {
        self.derived.analysis.get()
    }

    pub fn is_dirty(&self) -> bool {
        self.revision != self.saved_revision
    }

    pub fn mark_saved(&mut self) {
        self.saved_revision = self.revision;
    }

    pub fn can_undo(&self) -> bool {
        self.history.can_undo()
    }

    pub fn can_redo(&self) -> bool {
        self.history.can_redo()
    }

    /// The moments of a stage, in board order.
    pub fn moments_in(&self, stage: &StageId) -> impl Iterator<Item = &model::Moment> {
        self.derived
            .by_stage
            .get(stage)
            .into_iter()
            .flatten()
            .map(|&i| &self.ws.moments[i])
    }

    /// A stage's moments from `first` on, each with its position in the stage: a slice of
    /// the index, so starting deep in a long stage costs nothing.
    pub fn moments_from(
        &self,
        stage: &StageId,
        first: usize,
    ) -> impl Iterator<Item = (usize, &model::Moment)> {
        let all = self
            .derived
            .by_stage
            .get(stage)
            .map_or(&[][..], Vec::as_slice);
        all.get(first..)
            .unwrap_or_default()
            .iter()
            .enumerate()
            .map(move |(k, &i)| (first + k, &self.ws.moments[i]))
    }

    pub fn stage_len(&self, stage: &StageId) -> usize {
        self.derived.by_stage.get(stage).map_or(0, Vec::len)
    }

    /// The moment at a position within a stage.
    pub fn moment_at(&self, stage: &StageId, position: usize) -> Option<&model::Moment> {
        let i = *self.derived.by_stage.get(stage)?.get(position)?;
        Some(&self.ws.moments[i])
    }

    pub fn moment(&self, id: &MomentId) -> Option<&model::Moment> {
        self.derived
            .moment_index
            .get(id)
            .map(|&i| &self.ws.moments[i])
    }

    /// A moment's position within its stage.
    pub fn position_in_stage(&self, id: &MomentId) -> Option<usize> {
        let m = self.moment(id)?;
        let &i = self.derived.moment_index.get(id)?;
        self.derived
            .by_stage
            .get(&m.stage)?
            .iter()
            .position(|&j| j == i)
    }

    /// Where in `ws.moments` a moment must go to be at `position` within `stage`.
    pub fn global_index_for(
        &self,
        stage: &StageId,
        position: usize,
        moving: Option<&MomentId>,
    ) -> usize {
        let list: Vec<usize> = self
            .derived
            .by_stage
            .get(stage)
            .map(|v| {
                v.iter()
                    .copied()
                    .filter(|&i| Some(&self.ws.moments[i].id) != moving)
                    .collect()
            })
            .unwrap_or_default();
        let moving_index = moving.and_then(|id| self.derived.moment_index.get(id).copied());
        let adjust = |i: usize| match moving_index {
            Some(m) if m < i => i - 1,
            _ => i,
        };
        if let Some(&at) = list.get(position) {
            adjust(at)
        } else if let Some(&last) = list.last() {
            adjust(last) + 1
        } else {
            // An empty stage: after the moments of the stages before it, so the file keeps
            // board order.
            let stage_pos = self
                .ws
                .stages
                .iter()
                .position(|s| &s.id == stage)
                .unwrap_or(0);
            let before: Vec<&StageId> = self.ws.stages[..stage_pos].iter().map(|s| &s.id).collect();
            self.ws
                .moments
                .iter()
                .enumerate()
                .filter(|(_, m)| before.contains(&&m.stage) && Some(&m.id) != moving)
                .map(|(i, _)| i)
                .max()
                .map_or(0, |i| adjust(i) + 1)
        }
    }
}
