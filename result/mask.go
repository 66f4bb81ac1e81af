package result

import "slices"

// Masked is the report with mask applied to every text a report shows
// of it: the snippets' places, code, titles and shown output, the
// verdicts' messages and hints, what ran and what it printed, the output
// comparisons, the rewrites, the engines and hosts. The report it is made
// from is left as it was (its slices are copied, not changed).
func (rep Report) Masked(mask func(string) string) Report {
	out := rep
	out.Host.Server, out.Host.API = mask(rep.Host.Server), mask(rep.Host.API)
	out.Results = make([]Result, len(rep.Results))
	for i, r := range rep.Results {
		out.Results[i] = r.Masked(mask)
	}
	return out
}

// Masked is the result with mask applied to every text a report shows
// of it, as Report.Masked.
func (r Result) Masked(mask func(string) string) Result {
	r.LabID, r.Title = mask(r.LabID), mask(r.Title)
	r.Step.ID, r.Step.File, r.Step.Talk, r.Step.Lang = mask(r.Step.ID), mask(r.Step.File), mask(r.Step.Talk), mask(r.Step.Lang)
	r.Step.Code = mask(r.Step.Code)
	r.Step.Hosts = maskAll(r.Step.Hosts, mask)
	r.Step.Warnings = maskAll(r.Step.Warnings, mask)
	r.Step.Commands = slices.Clone(r.Step.Commands)
	for i := range r.Step.Commands {
		c := &r.Step.Commands[i]
		c.Text, c.Output, c.Answer, c.Host = mask(c.Text), mask(c.Output), mask(c.Answer), mask(c.Host)
	}
	r.Message, r.Hint = mask(r.Message), mask(r.Hint)
	r.Command, r.Output = mask(r.Command), mask(r.Output)
	r.Engine, r.Host = mask(r.Engine), mask(r.Host)
	if c := r.Compared; c != nil {
		m := *c
		m.Expected, m.Actual = mask(c.Expected), mask(c.Actual)
		if d := c.Difference; d != nil {
			md := *d
			md.Expected, md.Actual, md.Why = mask(d.Expected), mask(d.Actual), mask(d.Why)
			m.Difference = &md
		}
		m.Drift = slices.Clone(c.Drift)
		for i := range m.Drift {
			d := &m.Drift[i]
			d.Expected, d.Actual, d.Kind = mask(d.Expected), mask(d.Actual), mask(d.Kind)
		}
		r.Compared = &m
	}
	if f := r.Fix; f != nil {
		mf := *f
		mf.Code, mf.Why, mf.Engine = mask(f.Code), mask(f.Why), mask(f.Engine)
		r.Fix = &mf
	}
	r.Tried = maskAll(r.Tried, mask)
	return r
}

func maskAll(texts []string, mask func(string) string) []string {
	if texts == nil {
		return nil
	}
	out := make([]string, len(texts))
	for i, t := range texts {
		out[i] = mask(t)
	}
	return out
}
