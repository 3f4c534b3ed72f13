namespace Quality.Reports.Composition;

/// <summary>The pieces placed on one page, with the y of each piece's top.</summary>
internal sealed class PageContent
{
    public List<(Piece Piece, float Y)> Items { get; } = [];
}

/// <summary>
/// First pass of the two-pass layout: assigns measured pieces to pages, so the page count and the page of every
/// heading are known before anything is drawn.
/// </summary>
/// <remarks>
/// Rules, in order: a page break starts a new page; the space between blocks is the larger of the two margins and
/// vanishes at the top of a page; a block starts on the current page only if its lead fits (its first
/// <see cref="BlockLayout.KeepFirst"/> pieces, the whole block when it must be kept together, and for a heading
/// also the lead of the next block); a block that does not fit is split between pieces, moving lines so that no
/// fewer than <see cref="BlockLayout.KeepLast"/> pieces end it on the next page; a continued block repeats its
/// <see cref="BlockLayout.RepeatOnNewPage"/> piece. A lead taller than a whole page is not enforced, and a single
/// piece taller than a page is placed on a page of its own and overflows it rather than stall.
/// </remarks>
internal static class Paginator
{
    private const float Epsilon = 0.01f;

    public static List<PageContent> Paginate(IReadOnlyList<BlockLayout> blocks, float top, float bottom)
    {
        var state = new State(top, bottom);
        for (var b = 0; b < blocks.Count; b++)
        {
            var block = blocks[b];
            if (block.BreakBefore)
            {
                if (!state.Empty) state.NewPage();
                continue;
            }
            if (block.Pieces.Count == 0) continue;
            var lead = Lead(blocks, b, state.PageHeight);
            if (!state.Empty && state.Gap(block.SpaceBefore) + lead > state.Remaining + Epsilon) state.NewPage();
            Place(state, block);
            state.SpaceAfterPrevious = block.SpaceAfter;
        }
        if (state.Pages.Count > 1 && state.Pages[^1].Items.Count == 0) state.Pages.RemoveAt(state.Pages.Count - 1);
        return state.Pages;
    }

    /// <summary>Height that must fit where block <paramref name="b"/> starts.</summary>
    private static float Lead(IReadOnlyList<BlockLayout> blocks, int b, float pageHeight)
    {
        var block = blocks[b];
        var own = block.KeepTogether || block.KeepWithNext ? block.TotalHeight : block.Height(block.KeepFirst);
        if (own > pageHeight) own = block.Height(block.KeepFirst);
        if (block.KeepWithNext && b + 1 < blocks.Count && blocks[b + 1] is { BreakBefore: false, Pieces.Count: > 0 } next)
        {
            var withNext = own + Math.Max(block.SpaceAfter, next.SpaceBefore) + Lead(blocks, b + 1, pageHeight);
            if (withNext <= pageHeight) return withNext;
        }
        return own;
    }

    private static void Place(State state, BlockLayout block)
    {
        var pieces = block.Pieces;
        var n = pieces.Count;
        var i = 0;
        while (i < n)
        {
            var k = 0;
            var used = 0f;
            while (i + k < n)
            {
                var gap = state.GapFor(block, i + k, first: k == 0);
                if (used + gap + pieces[i + k].Height > state.Remaining + Epsilon) break;
                used += gap + pieces[i + k].Height;
                k++;
            }
            if (i + k < n)
            {
                if (n - (i + k) < block.KeepLast) k = Math.Max(0, n - block.KeepLast - i);
                if (i == 0 && k < Math.Min(block.KeepFirst, n)) k = 0;
                if (k == 0 && state.Fresh) k = 1;
            }
            for (var j = 0; j < k; j++) state.Place(pieces[i + j], state.GapFor(block, i + j, first: j == 0));
            i += k;
            if (i < n)
            {
                state.NewPage();
                if (i > 0 && block.RepeatOnNewPage is { } repeat) state.Place(repeat, 0, isRepeat: true);
            }
        }
    }

    private sealed class State
    {
        private readonly float top;
        private readonly float bottom;
        private float y;

        public State(float top, float bottom)
        {
            this.top = top;
            this.bottom = bottom;
            Pages.Add(new PageContent());
            y = top;
        }

        public List<PageContent> Pages { get; } = [];

        /// <summary>Nothing on the page yet: gaps vanish.</summary>
        public bool Empty { get; private set; } = true;

        /// <summary>Nothing but a repeated header on the page: the next piece goes here whatever its height.</summary>
        public bool Fresh { get; private set; } = true;

        public float SpaceAfterPrevious { get; set; }

        public float PageHeight => bottom - top;

        public float Remaining => bottom - y;

        public float Gap(float spaceBefore) => Empty ? 0 : Math.Max(SpaceAfterPrevious, spaceBefore);

        public float GapFor(BlockLayout block, int index, bool first)
        {
            if (Empty && first) return 0;
            return index == 0 ? Gap(block.SpaceBefore) : block.Pieces[index].GapBefore;
        }

        public void Place(Piece piece, float gap, bool isRepeat = false)
        {
            y += gap;
            Pages[^1].Items.Add((piece, y));
            y += piece.Height;
            Empty = false;
            if (!isRepeat) Fresh = false;
        }

        public void NewPage()
        {
            Pages.Add(new PageContent());
            y = top;
            Empty = true;
            Fresh = true;
            SpaceAfterPrevious = 0;
        }
    }
}
