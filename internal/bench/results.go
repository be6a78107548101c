package bench

import (
	"fmt"
	"slices"
	"strings"
)

// Results holds every measured value, by figure and pair, in the order the
// figures were first recorded.
type Results struct {
	order    []string
	units    map[string]string
	values   map[string]map[string][]float64
	timeouts map[string]map[string]int
	// Notes are printed under the table (what was scaled, what skipped).
	Notes []string
}

func newResults() *Results {
	return &Results{
		units:    map[string]string{},
		values:   map[string]map[string][]float64{},
		timeouts: map[string]map[string]int{},
	}
}

func (r *Results) touch(figure, unit string) {
	if _, ok := r.units[figure]; !ok {
		r.order = append(r.order, figure)
		r.units[figure] = unit
		r.values[figure] = map[string][]float64{}
		r.timeouts[figure] = map[string]int{}
	}
}

// add records one value of a figure for a pair.
func (r *Results) add(figure, unit, pair string, v float64) {
	r.touch(figure, unit)
	r.values[figure][pair] = append(r.values[figure][pair], v)
}

// timeout records that a figure did not converge within its bound.
func (r *Results) timeout(figure, unit, pair string) {
	r.touch(figure, unit)
	r.timeouts[figure][pair]++
}

// Figures returns the figure names in order.
func (r *Results) Figures() []string { return slices.Clone(r.order) }

// Values returns the values recorded for a figure and pair.
func (r *Results) Values(figure, pair string) []float64 {
	return slices.Clone(r.values[figure][pair])
}

// Timeouts returns how many runs of a figure timed out for a pair.
func (r *Results) Timeouts(figure, pair string) int { return r.timeouts[figure][pair] }

// median of a non-empty slice.
func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// percentile p (0..100) by nearest rank of a non-empty slice.
func percentile(v []float64, p float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	i := int(p/100*float64(len(s))+0.999999) - 1
	return s[max(0, min(i, len(s)-1))]
}

// cell formats the values of one figure for one pair.
func (r *Results) cell(figure, pair string) string {
	v := r.values[figure][pair]
	to := r.timeouts[figure][pair]
	if len(v) == 0 {
		if to > 0 {
			return "timeout"
		}
		return "—"
	}
	s := num(median(v))
	if len(v) > 1 {
		s += fmt.Sprintf(" (%s–%s)", num(slices.Min(v)), num(slices.Max(v)))
	}
	if to > 0 {
		s += fmt.Sprintf(", %d timeout", to)
	}
	return s
}

// num prints a figure with about three significant digits.
func num(x float64) string {
	switch ax := max(x, -x); {
	case ax == 0:
		return "0"
	case ax >= 100:
		return fmt.Sprintf("%.0f", x)
	case ax >= 10:
		return fmt.Sprintf("%.1f", x)
	default:
		return fmt.Sprintf("%.2f", x)
	}
}

// Markdown renders the results as a table with one column per pair and,
// when both are present, the ratio of ours to the baseline medians.
// unavailable names pairs that could not run, with the reason.
func (r *Results) Markdown(pairs []string, ours, baseline string, unavailable map[string]string) string {
	var b strings.Builder
	b.WriteString("| figure | unit |")
	for _, p := range pairs {
		fmt.Fprintf(&b, " %s |", p)
	}
	ratio := ours != "" && baseline != "" && unavailable[ours] == ""
	if ratio {
		fmt.Fprintf(&b, " %s ÷ %s |", ours, baseline)
	}
	b.WriteString("\n|---|---|")
	for range pairs {
		b.WriteString("---|")
	}
	if ratio {
		b.WriteString("---|")
	}
	b.WriteString("\n")
	for _, f := range r.order {
		fmt.Fprintf(&b, "| %s | %s |", f, r.units[f])
		for _, p := range pairs {
			if why := unavailable[p]; why != "" {
				b.WriteString(" not available |")
				continue
			}
			fmt.Fprintf(&b, " %s |", r.cell(f, p))
		}
		if ratio {
			a, c := r.values[f][ours], r.values[f][baseline]
			if len(a) > 0 && len(c) > 0 && median(c) != 0 {
				fmt.Fprintf(&b, " %.2f |", median(a)/median(c))
			} else {
				b.WriteString(" — |")
			}
		}
		b.WriteString("\n")
	}
	for p, why := range unavailable {
		if why != "" {
			why = strings.Join(strings.Fields(why), " ")
			if len(why) > 300 {
				why = why[:300] + "…"
			}
			fmt.Fprintf(&b, "\n%s: not available (%s)\n", p, why)
		}
	}
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "\n- %s", n)
	}
	if len(r.Notes) > 0 {
		b.WriteString("\n")
	}
	return b.String()
}
