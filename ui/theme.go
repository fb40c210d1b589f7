package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"nianbao/assets"
)

var (
	fontRegular = fyne.NewStaticResource("NotoSansSC-Regular.otf", assets.FontRegular)
	fontBold    = fyne.NewStaticResource("NotoSansSC-Bold.otf", assets.FontBold)
	// Icon is the application icon.
	Icon = fyne.NewStaticResource("Icon.png", assets.Icon)
)

// Theme is the app's look: Fyne's light theme (clerks know Excel's white
// grid; the system may ask for dark, e.g. under Xvfb) with the bundled
// Chinese font, so text renders the same on every PC.
type Theme struct{}

var _ fyne.Theme = Theme{}

func (Theme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	switch n {
	case colorDerived:
		return color.NRGBA{R: 0xFF, G: 0xF4, B: 0xD6, A: 0xFF}
	case colorGrid:
		return color.NRGBA{R: 0x9A, G: 0xA3, B: 0xAD, A: 0xFF}
	case colorHeader:
		return color.NRGBA{R: 0xE3, G: 0xEA, B: 0xF3, A: 0xFF}
	case colorLabel:
		return color.NRGBA{R: 0xF6, G: 0xF8, B: 0xFA, A: 0xFF}
	case colorReadOnly:
		return color.NRGBA{R: 0xF1, G: 0xF2, B: 0xF4, A: 0xFF}
	case theme.ColorNameFocus:
		// Fyne's focus tint is too faint to see which button Enter or
		// Space would press.
		return color.NRGBA{R: 0x1A, G: 0x73, B: 0xE8, A: 0x70}
	// Text in these colours must read on white: at least 4.5:1.
	case theme.ColorNameSuccess:
		return colorOK
	case theme.ColorNameWarning:
		return colorWarning
	case theme.ColorNameError:
		return colorError
	case theme.ColorNameInputBackground:
		// White inputs, like a spreadsheet's cells, so the shaded computed
		// totals stand out.
		return color.White
	}
	return theme.DefaultTheme().Color(n, theme.VariantLight)
}

func (Theme) Font(s fyne.TextStyle) fyne.Resource {
	if s.Monospace || s.Symbol {
		return theme.DefaultTheme().Font(s)
	}
	if s.Bold {
		return fontBold
	}
	return fontRegular
}

func (Theme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

func (Theme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNameText:
		return 13
	case theme.SizeNameInnerPadding:
		return 6
	}
	return theme.DefaultTheme().Size(n)
}

// The app's own colour names.
const (
	colorDerived  fyne.ThemeColorName = "nianbao-derived"  // computed cells
	colorGrid     fyne.ThemeColorName = "nianbao-grid"     // table rules
	colorHeader   fyne.ThemeColorName = "nianbao-header"   // head cells
	colorLabel    fyne.ThemeColorName = "nianbao-label"    // row labels
	colorReadOnly fyne.ThemeColorName = "nianbao-readonly" // cells of a report that cannot be edited
)

func themeColor(n fyne.ThemeColorName) color.Color {
	return fyne.CurrentApp().Settings().Theme().Color(n, theme.VariantLight)
}
