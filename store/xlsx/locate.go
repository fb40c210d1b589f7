package xlsx

import (
	"encoding/json"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"nianbao/model"
)

// Finding the tables of a template in a workbook, by their printed labels
// only: a table may start at any cell, on any sheet, with labels wrapped,
// spaced, in other brackets or in a known variant wording.
//
// A block with row labels (表二's blocks, 表三) is anchored by its row
// labels, taken in template order down the sheet (so a column head such as
// 其他 or 总计 above the table is never taken for the row 3.其他 or
// （七）总计); its column heads are then looked for in the few rows just
// above its first row. A block without row labels (表四) is anchored by its
// column heads, and its values are in the first filled row below them.

// foundBlock is where one block of a template is on a sheet.
type foundBlock struct {
	b       *model.Block
	g       *grid
	rowAt   map[*model.Row]int
	colAt   map[*model.Column]colPos
	top     int // first header row looked at
	bottom  int // last data row
	left    int
	right   int
	headMin int // highest row a head was found in
	missing []string
}

type colPos struct {
	x0, x1 int    // the head's columns (a merged head spans several)
	head   string // the head as printed, for units such as （单位：元）
}

// location is a template matched against a workbook.
type location struct {
	tpl     *model.Template
	blocks  []*foundBlock // per block of the template in order; nil if not found
	found   int           // rows and columns found
	missing []string      // tables, rows and columns not found, in Chinese
	absent  []*model.Table
	score   int
	ignored []region // other copies of its tables, not used (chooseTables)
}

// blockCache remembers blocks found while matching one workbook against
// every template: 表四, and often 表二, are the same in all of them.
type blockCache map[blockCacheKey]*foundBlock

// blockCacheKey is a block's signature (as a number, see blockSignature)
// and the rows taken on each sheet.
type blockCacheKey struct {
	sig      int
	occupied string
}

func locate(tpl *model.Template, grids []*grid, cache blockCache) *location {
	loc := &location{tpl: tpl}
	occupied := map[*grid][][2]int{}
	for _, tb := range tpl.Tables {
		var fbs []*foundBlock
		for _, b := range tb.Blocks {
			fb := cache.locate(b, grids, occupied)
			if fb != nil {
				occupied[fb.g] = append(occupied[fb.g], [2]int{fb.top, fb.bottom})
			}
			fbs = append(fbs, fb)
		}
		any := false
		for _, fb := range fbs {
			any = any || fb != nil
		}
		if !any {
			loc.blocks = append(loc.blocks, fbs...)
			loc.absent = append(loc.absent, tb)
			loc.missing = append(loc.missing, tb.Short+"（"+tb.Title+"）")
			continue
		}
		penalty := 0
		for i, fb := range fbs {
			b := tb.Blocks[i]
			if fb == nil {
				name := tb.Short
				if b.Caption != "" {
					name += "·" + b.Caption
				}
				loc.missing = append(loc.missing, name)
				penalty += typedRows(b) + typedCols(b)
				continue
			}
			loc.found += len(fb.rowAt) + len(fb.colAt)
			loc.missing = append(loc.missing, fb.missing...)
			penalty += len(fb.missing)
		}
		loc.score -= penalty
		loc.blocks = append(loc.blocks, fbs...)
	}
	loc.score += loc.found
	return loc
}

func typedRows(b *model.Block) int {
	n := 0
	for _, r := range b.Rows {
		if len(r.Sum) == 0 {
			n++
		}
	}
	return n
}

func typedCols(b *model.Block) int {
	n := 0
	for _, c := range b.Columns {
		if len(c.Sum) == 0 {
			n++
		}
	}
	return n
}

// inOccupied reports whether row r of g belongs to a block found before.
func inOccupied(spans [][2]int, r int) bool {
	for _, s := range spans {
		if r >= s[0] && r <= s[1] {
			return true
		}
	}
	return false
}

// locate is locateBlock, answered from the cache when a block with the
// same data was looked for with the same rows taken.
func (cache blockCache) locate(b *model.Block, grids []*grid, occupied map[*grid][][2]int) *foundBlock {
	if cache == nil {
		return locateBlock(b, grids, occupied)
	}
	key := make([]byte, 0, 64)
	for i, g := range grids {
		key = append(key, '|')
		key = strconv.AppendInt(key, int64(i), 10)
		key = append(key, ':')
		for _, sp := range occupied[g] {
			key = append(key, ' ')
			key = strconv.AppendInt(key, int64(sp[0]), 10)
			key = append(key, '-')
			key = strconv.AppendInt(key, int64(sp[1]), 10)
		}
	}
	k := blockCacheKey{blockSignature(b), string(key)}
	fb, ok := cache[k]
	if !ok {
		fb = locateBlock(b, grids, occupied)
		cache[k] = fb
	}
	if fb == nil || fb.b == b {
		return fb
	}
	// The same block of another template: the same places, its own rows
	// and columns.
	out := *fb
	out.b = b
	out.rowAt = make(map[*model.Row]int, len(fb.rowAt))
	out.colAt = make(map[*model.Column]colPos, len(fb.colAt))
	for i, r := range fb.b.Rows {
		if y, ok := fb.rowAt[r]; ok {
			out.rowAt[b.Rows[i]] = y
		}
	}
	for i, c := range fb.b.Columns {
		if cp, ok := fb.colAt[c]; ok {
			out.colAt[b.Columns[i]] = cp
		}
	}
	out.missing = slices.Clone(fb.missing)
	return &out
}

// blockSignature numbers everything locateBlock reads of a block, so
// blocks with equal signatures are found in the same places.
func blockSignature(b *model.Block) int {
	if v, ok := sigCache.Load(b); ok {
		return v.(int)
	}
	data, _ := json.Marshal(b)
	sigMu.Lock()
	defer sigMu.Unlock()
	sig := b.Table.Short + string(data)
	n, ok := sigNumbers[sig]
	if !ok {
		n = len(sigNumbers)
		sigNumbers[sig] = n
	}
	sigCache.Store(b, n)
	return n
}

var (
	sigCache   sync.Map // *model.Block → its signature's number
	sigMu      sync.Mutex
	sigNumbers = map[string]int{}
)

// blockKeys is what the locator looks up for a block in every workbook,
// worked out once per block: the label endings of its rows and columns
// (see tailKey) and its columns' inner group heads.
type blockKeys struct {
	labeled   bool
	depth     int          // b.HeadDepth()
	rowTails  [][]tailCode // per row: the distinct endings of its label and aliases
	headTails []tailCode   // the distinct endings of all column labels and aliases
	colTails  []tailSet    // per column: tails(label, aliases...)
	colGroup  []string     // per column: its innermost group, normalized; "" if none
	// colsByTail maps an ending to the columns (as bits) whose colTails
	// hold it; nil for a block of more than 64 columns.
	colsByTail map[tailCode]uint64
}

func keysOf(b *model.Block) *blockKeys {
	if v, ok := keysCache.Load(b); ok {
		return v.(*blockKeys)
	}
	k := &blockKeys{depth: b.HeadDepth()}
	for _, r := range b.Rows {
		k.labeled = k.labeled || r.Label != ""
		k.rowTails = append(k.rowTails, tailKeys(nil, append([]string{r.Label}, r.Aliases...)))
	}
	for _, c := range b.Columns {
		labels := append([]string{c.Label}, c.Aliases...)
		k.headTails = tailKeys(k.headTails, labels)
		k.colTails = append(k.colTails, tails(labels...))
		g := ""
		if len(c.Groups) > 0 {
			g = normOf(c.Groups[len(c.Groups)-1])
		}
		k.colGroup = append(k.colGroup, g)
	}
	if len(b.Columns) <= 64 {
		k.colsByTail = map[tailCode]uint64{}
		for ci, ts := range k.colTails {
			for _, t := range ts {
				k.colsByTail[t] |= 1 << ci
			}
		}
	}
	keysCache.Store(b, k)
	return k
}

var keysCache sync.Map

// tailKeys appends to keys the endings of labels not already in it, as
// grid.candidates looks them up.
func tailKeys(keys []tailCode, labels []string) []tailCode {
	for _, l := range labels {
		if k := tailKey(normOf(l)); k != 0 && !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	return keys
}

func locateBlock(b *model.Block, grids []*grid, occupied map[*grid][][2]int) *foundBlock {
	keys := keysOf(b)
	var best *foundBlock
	for _, g := range grids {
		var fb *foundBlock
		if keys.labeled {
			fb = locateByRows(b, keys, g, occupied[g])
		} else {
			fb = locateByHeads(b, keys, g, occupied[g])
		}
		if fb != nil && (best == nil || len(fb.rowAt)+len(fb.colAt) > len(best.rowAt)+len(best.colAt)) {
			best = fb
		}
	}
	if best != nil {
		best.describeMissing()
	}
	return best
}

// locateByRows anchors a block by its row labels.
func locateByRows(b *model.Block, keys *blockKeys, g *grid, occ [][2]int) *foundBlock {
	var rowAt map[*model.Row]int // made once a row is found: most sheets hold no given block
	prev := -1
	labelLeft, labelRight := -1, -1
	first := -1
	for ri, row := range b.Rows {
		var pick *gcell
		for _, k := range keys.rowTails[ri] {
			for _, e := range g.withTail(k) {
				c := &g.cells[e.cell]
				if c.p.r <= prev || inOccupied(occ, c.p.r) || !row.MatchesNormalized(c.norm) {
					continue
				}
				if pick == nil || c.p.r < pick.p.r || (c.p.r == pick.p.r && c.p.c < pick.p.c) {
					pick = c
				}
			}
		}
		if pick == nil {
			continue
		}
		if rowAt == nil {
			rowAt = make(map[*model.Row]int, len(b.Rows))
		}
		rowAt[row] = pick.p.r
		prev = pick.p.r
		if first < 0 {
			first = pick.p.r
		}
		labelRight = max(labelRight, g.mergeOf(pick.p.r, pick.p.c).c2)
		if labelLeft < 0 || pick.p.c < labelLeft {
			labelLeft = pick.p.c
		}
	}
	if len(rowAt) == 0 {
		return nil
	}
	fb := &foundBlock{b: b, g: g, rowAt: rowAt, colAt: make(map[*model.Column]colPos, len(b.Columns))}
	H := keys.depth
	top := max(0, first-(H+2))
	for r := first - 1; r >= top; r-- {
		if inOccupied(occ, r) {
			top = r + 1
			break
		}
	}
	fb.bottom = prev
	fb.top = fb.headTop(top, fb.assignColumns(keys, top, first-1, labelRight+1), first)
	fb.left = min(fb.left, labelLeft)
	return fb
}

// locateByHeads anchors a block without row labels by its column heads:
// every row holding a head is tried as the middle of the header.
func locateByHeads(b *model.Block, keys *blockKeys, g *grid, occ [][2]int) *foundBlock {
	var anchors []int
	for _, k := range keys.headTails {
		for _, e := range g.withTail(k) {
			c := &g.cells[e.cell]
			if slices.Contains(anchors, c.p.r) || inOccupied(occ, c.p.r) {
				continue
			}
			for _, col := range b.Columns {
				if col.MatchesNormalized(c.norm) {
					anchors = append(anchors, c.p.r)
					break
				}
			}
		}
	}
	sort.Ints(anchors)
	if len(anchors) > 20 {
		anchors = anchors[:20]
	}
	H := keys.depth
	var best *foundBlock
	for _, a := range anchors {
		fb := &foundBlock{b: b, g: g, rowAt: make(map[*model.Row]int, len(b.Rows)), colAt: make(map[*model.Column]colPos, len(b.Columns))}
		top, bottom := max(0, a-H), a+H-1
		for r := a - 1; r >= top; r-- {
			if inOccupied(occ, r) {
				top = r + 1
				break
			}
		}
		headBottom := fb.assignColumns(keys, top, bottom, 0)
		if len(fb.colAt) == 0 {
			continue
		}
		// The values: the first row below the heads with something in
		// one of the head columns.
		data := headBottom + 1
	scan:
		for r := headBottom + 1; r <= headBottom+4; r++ {
			for _, cp := range fb.colAt {
				for x := cp.x0; x <= cp.x1; x++ {
					if g.shown(r, x) != "" && g.mergeOf(r, x).r1 == r {
						data = r
						break scan
					}
				}
			}
		}
		for _, row := range b.Rows {
			fb.rowAt[row] = data
		}
		fb.top, fb.bottom = fb.headTop(top, headBottom, data), data
		if best == nil || len(fb.colAt) > len(best.colAt) {
			best = fb
		}
	}
	return best
}

// assignColumns finds each column's head in rows top..bottom, right of
// minCol, and returns the lowest row a head was found in. Heads are taken
// left to right in template order; where a label repeats (表四's 结果维持
// under each of 行政复议, 未经复议直接起诉, 复议后起诉) the group printed above
// it decides, and failing that the order.
func (fb *foundBlock) assignColumns(keys *blockKeys, top, bottom, minCol int) int {
	g := fb.g
	type cand struct {
		r, c int
		head string
	}
	// matches is col.Matches on a cell's normalized text, or on it without
	// a unit note; the endings are compared first because Matches
	// normalizes again and this runs for every cell near every header.
	matches := func(col *model.Column, tl tailSet, norm string) bool {
		stripped := stripUnitNote(norm)
		if !tl.has(tailKey(norm)) && !tl.has(tailKey(stripped)) {
			return false
		}
		return col.Matches(norm) || col.Matches(stripped)
	}
	// direct is matches on a cell, its endings taken from the grid's index.
	direct := func(col *model.Column, tl tailSet, r, c int) bool {
		if !tl.has(g.tails[r][c]) && !tl.has(g.stails[r][c]) {
			return false
		}
		n := g.norms[r][c] // normalized, and so is any beginning of it
		return col.MatchesNormalized(n) || col.MatchesNormalized(stripUnitNote(n))
	}
	// split is matches on a head split over (r, c) and the cell below;
	// the joined text is only built when its ending can match.
	split := func(col *model.Column, tl tailSet, r, c int) bool {
		below := g.norms[r+1][c]
		if strings.HasSuffix(below, ")") || utf8.RuneCountInString(below) < 2 {
			if k, ok := joinedTail(g.norms[r][c], below); ok && !strings.HasSuffix(below, ")") && !tl.has(k) {
				return false // what matches would find before joining
			}
			return matches(col, tl, g.norms[r][c]+below)
		}
		if !tl.has(g.tails[r+1][c]) {
			return false // the joined text ends as the lower cell does
		}
		return matches(col, tl, g.norms[r][c]+below)
	}
	var used []int // sheet columns taken
	var candBuf, inBuf [16]cand
	cands, in := candBuf[:0], inBuf[:0]
	prevC, lowest := minCol-1, top-1
	fb.left, fb.headMin = -1, bottom+1
	// Which columns each cell of the rows searched could name by its
	// ending (direct's first test, done once per cell, not per column).
	var baseBuf [8]int
	var maskBuf [256]uint64
	win := headWindowOf(g, keys, top, bottom, minCol, baseBuf[:0], maskBuf[:0])
	for ci, col := range fb.b.Columns {
		tl := keys.colTails[ci]
		bit := uint64(1) << ci
		cands = cands[:0]
		for r := top; r <= bottom; r++ {
			if r >= len(g.rows) {
				break
			}
			for c := minCol; c < len(g.rows[r]); c++ {
				n := g.norms[r][c]
				if n == "" {
					continue
				}
				switch below := g.norm(r+1, c); {
				case win.may(r, c, bit) && direct(col, tl, r, c):
					cands = append(cands, cand{r, c, g.rows[r][c]})
				case r+1 <= bottom && below != "" && split(col, tl, r, c):
					// A head split over two cells, one above the other (商业 / 企业).
					cands = append(cands, cand{r + 1, c, g.rows[r][c] + g.rows[r+1][c]})
				}
			}
		}
		if inner := keys.colGroup[ci]; len(col.Groups) > 0 {
			in = in[:0]
			for _, cd := range cands {
				if fb.underGroup(cd.r, cd.c, top, minCol, inner) {
					in = append(in, cd)
				}
			}
			if len(in) > 0 {
				cands, in = in, cands
			}
		}
		slices.SortFunc(cands, func(a, b cand) int {
			if a.c != b.c {
				return a.c - b.c
			}
			return b.r - a.r // nearest the values first
		})
		pick := -1
		for i, cd := range cands {
			if cd.c > prevC && !slices.Contains(used, cd.c) {
				pick = i
				break
			}
		}
		if pick < 0 {
			for i, cd := range cands {
				if !slices.Contains(used, cd.c) {
					pick = i
					break
				}
			}
		}
		if pick < 0 {
			continue
		}
		cd := cands[pick]
		m := g.mergeOf(cd.r, cd.c)
		x1 := cd.c
		if m.r1 <= cd.r && m.c1 == cd.c {
			x1 = m.c2
		}
		fb.colAt[col] = colPos{x0: cd.c, x1: x1, head: cd.head}
		used = append(used, cd.c)
		prevC = cd.c
		lowest = max(lowest, m.r2, cd.r)
		fb.headMin = min(fb.headMin, m.r1, cd.r)
		fb.right = max(fb.right, x1)
		if fb.left < 0 || cd.c < fb.left {
			fb.left = cd.c
		}
	}
	if fb.left < 0 {
		fb.left = max(0, minCol-1)
	}
	return lowest
}

// headWindow holds, for the cells of the rows assignColumns searches, the
// columns of a block (as bits) whose endings (blockKeys.colTails) hold the
// cell's own ending or its ending without a unit note.
type headWindow struct {
	top, minCol int
	base        []int // per row: index of its cell minCol in masks
	masks       []uint64
}

// headWindowOf works out the window, in base and masks if they are large
// enough.
func headWindowOf(g *grid, keys *blockKeys, top, bottom, minCol int, base []int, masks []uint64) headWindow {
	w := headWindow{top: top, minCol: minCol}
	if keys.colsByTail == nil {
		return w // too many columns for the bits: direct tests each
	}
	n := 0
	w.base = base
	for r := top; r <= bottom && r < len(g.rows); r++ {
		w.base = append(w.base, n)
		n += max(0, len(g.rows[r])-minCol)
	}
	if cap(masks) < n {
		masks = make([]uint64, n)
	}
	w.masks = masks[:n]
	clear(w.masks)
	for r := top; r <= bottom && r < len(g.rows); r++ {
		for c := minCol; c < len(g.rows[r]); c++ {
			if g.norms[r][c] != "" {
				w.masks[w.base[r-top]+c-minCol] = keys.colsByTail[g.tails[r][c]] | keys.colsByTail[g.stails[r][c]]
			}
		}
	}
	return w
}

// may reports whether the cell (r, c) may name the column with this bit;
// false means direct would find it does not.
func (w headWindow) may(r, c int, bit uint64) bool {
	if w.masks == nil {
		return true
	}
	return w.masks[w.base[r-w.top]+c-w.minCol]&bit != 0
}

// joinedTail is tailKey(a+b) for b of one character, worked out without
// joining them; ok is false where it cannot be (a byte that is not UTF-8
// at the seam).
func joinedTail(a, b string) (tailCode, bool) {
	rb, nb := utf8.DecodeRuneInString(b)
	ra, na := utf8.DecodeLastRuneInString(a)
	if nb != len(b) || nb == 0 || rb == utf8.RuneError && nb == 1 || na == 0 || ra == utf8.RuneError && na == 1 {
		return 0, false
	}
	return tailCode(rb) | 1<<42 | tailCode(ra)<<21 | 1<<43, true
}

// headTop is the first row of a block's header as found: the group rows
// above the lowest head, within the rows searched; the first data row if
// no head was found.
func (fb *foundBlock) headTop(top, lowest, first int) int {
	if len(fb.colAt) == 0 {
		return first
	}
	t := lowest - (keysOf(fb.b).depth - 1)
	return max(top, min(t, fb.headMin))
}

// underGroup reports whether a head at (r, c) has the group label above it:
// in a merged cell covering column c, or in an unmerged cell to the left on
// the same row (a hand-made header that leaves the rest of a group's width
// blank).
func (fb *foundBlock) underGroup(r, c, top, minCol int, group string) bool {
	g := fb.g
	for y := r - 1; y >= top; y-- {
		if g.normShown(y, c) == group {
			return true
		}
		if g.shown(y, c) != "" {
			continue
		}
		for x := c - 1; x >= minCol; x-- {
			if t := g.shown(y, x); t != "" {
				if g.normShown(y, x) == group {
					return true
				}
				break
			}
		}
	}
	return false
}

// describeMissing lists the typed rows and columns not found, in Chinese.
func (fb *foundBlock) describeMissing() {
	tb := fb.b.Table
	for _, r := range fb.b.Rows {
		if _, ok := fb.rowAt[r]; !ok && len(r.Sum) == 0 {
			fb.missing = append(fb.missing, tb.Short+"·“"+r.ShortLabel()+"”行")
		}
	}
	for _, c := range fb.b.Columns {
		if _, ok := fb.colAt[c]; !ok && len(c.Sum) == 0 {
			fb.missing = append(fb.missing, tb.Short+"·“"+c.FullLabel()+"”列")
		}
	}
}
