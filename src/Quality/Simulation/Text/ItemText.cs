using System.Text;

namespace Quality.Simulation.Text;

/// <summary>
/// A text seen as Unicode code points, the unit of span offsets, with its words located: what span
/// errors (boundary shifts, spurious spans) need. UTF-16 indices would be wrong past any emoji.
/// </summary>
public sealed class ItemText
{
    public ItemText(string text)
    {
        Text = text;
        CodePoints = text.EnumerateRunes().Select(r => r.Value).ToArray();
        var words = new List<(int, int)>();
        var i = 0;
        while (i < CodePoints.Length)
        {
            if (!IsWordChar(CodePoints[i])) { i++; continue; }
            var start = i;
            while (i < CodePoints.Length && IsWordChar(CodePoints[i])) i++;
            words.Add((start, i));
        }
        Words = words;
    }

    public string Text { get; }

    public int[] CodePoints { get; }

    public int Length => CodePoints.Length;

    /// <summary>Runs of letters, digits and apostrophes, as code-point ranges [start, end).</summary>
    public IReadOnlyList<(int Start, int End)> Words { get; }

    /// <summary>The text between two code-point offsets.</summary>
    public string Slice(int start, int end)
    {
        var sb = new StringBuilder(end - start + 2);
        for (var i = start; i < end; i++) sb.Append(new Rune(CodePoints[i]).ToString());
        return sb.ToString();
    }

    public static int CodePointCount(string s)
    {
        var n = 0;
        foreach (var _ in s.EnumerateRunes()) n++;
        return n;
    }

    private static bool IsWordChar(int cp) => Rune.IsLetterOrDigit(new Rune(cp)) || cp == '\'';
}
