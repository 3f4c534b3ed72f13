using System.Text;
using Quality.Simulation.Randomness;

namespace Quality.Simulation.Text;

/// <summary>
/// Short synthetic customer-feedback texts: an opening sentence with people, organisations and places from
/// small built-in lists, then a sentence carrying the true sentiment. Some names have diacritics, one
/// organisation (𠮷野家) and some emoji lie outside the Basic Multilingual Plane, so code-point offsets
/// and UTF-16 indices differ wherever they appear before a span.
/// </summary>
public static class TextComposer
{
    private static readonly string[] People =
    [
        "Maria Garcia", "James O'Connor", "Aiko Tanaka", "Chloé Dubois", "Olusegun Adeyemi", "Priya Raman",
        "Lars Nilsson", "Fatima Zahra", "Sofía Hernández", "Wei Chen", "Noah Becker", "Ana Souza",
        "Dmitri Volkov", "Grace Mwangi", "Tom", "Jürgen Weiß", "Siobhan Kelly", "Mateo Rossi", "Hana Kim", "Leila Haddad",
    ];

    private static readonly string[] Organisations =
    [
        "Northwind Traders", "Globex", "Acme Corp", "Initech", "Contoso", "Umbrella Logistics", "𠮷野家",
        "Blue Harbor Bank", "Zoë's Bakery", "Fabrikam", "Tailspin Toys", "Kestrel Air", "Wingtip Hotels",
        "Litware", "Orbit Telecom", "Lumen Health",
    ];

    private static readonly string[] Places =
    [
        "Berlin", "São Paulo", "Lagos", "Kyoto", "Toronto", "Reykjavík", "Cape Town", "New York", "Melbourne", "Kraków",
        "Nairobi", "Lisbon", "Osaka", "Chicago", "Dublin", "Mumbai", "Montréal", "Oslo", "Austin", "Seoul",
    ];

    private static readonly string[] EntitySentences =
    [
        "{PER} from {ORG} visited our store in {LOC}.",
        "Ordered a replacement part from {ORG} last Monday.",
        "{PER} called the {ORG} help desk from {LOC}.",
        "Met {PER} at the {ORG} office.",
        "The parcel from {LOC} took nine days to reach {LOC}.",
        "Spoke with {PER} about the invoice.",
        "Flew with {ORG} to {LOC} last week.",
        "Tried the new {ORG} app on the train.",
        "Stayed two nights at a hotel in {LOC}.",
        "Our account manager {PER} moved to {ORG}.",
        "Picked up the keys from {PER} in {LOC}.",
        "{ORG} opened a second branch in {LOC}.",
        "{PER} recommended {ORG} to me.",
        "Booked a table at {ORG} for Friday.",
    ];

    private static readonly string[] PlainOpeners =
    [
        "About my last order.", "Quick note on the delivery.", "Second review of this product.", "Feedback after one month of use.",
    ];

    // Indexed like SimulatedFields.SentimentLabels: negative, neutral, positive, mixed.
    private static readonly string[][] SentimentSentences =
    [
        ["Support never answered my emails.", "Terrible experience, I am asking for a refund.", "It broke after two days.", "Slow, rude and overpriced.", "Very disappointed with the result."],
        ["The package arrived on Tuesday.", "No strong opinion either way.", "It does what the description says.", "I will update this review later.", "The meeting was moved to Thursday."],
        ["Great service and friendly staff.", "Absolutely love it, would recommend.", "Everything worked perfectly.", "Fast delivery and a fair price.", "Really impressed with the quality."],
        ["Friendly staff, but the wait was far too long.", "Good price, poor packaging.", "Loved the design, hated the setup.", "Fast shipping, yet the manual is useless."],
    ];

    private static readonly string[][] Emoji =
    [
        ["😡", "👎"],
        ["📦", "🤔"],
        ["😀", "👍", "🎉", "⭐"],
        ["🤷", "😐"],
    ];

    /// <summary>A text whose tone matches <paramref name="sentiment"/>, with its true entity spans in code points, sorted.</summary>
    public static (string Text, IReadOnlyList<EntitySpan> Entities) Compose(int sentiment, ref Xoshiro256 rng)
    {
        var b = new Builder();
        if (rng.Chance(0.07)) b.Append(Pick(Emoji[sentiment], ref rng) + " ");
        if (rng.Chance(0.92)) AppendTemplate(b, EntitySentences[rng.NextInt(EntitySentences.Length)], ref rng);
        else b.Append(Pick(PlainOpeners, ref rng));
        b.Append(" " + Pick(SentimentSentences[sentiment], ref rng));
        if (rng.Chance(0.1))
        {
            b.Append(" ");
            AppendTemplate(b, EntitySentences[rng.NextInt(EntitySentences.Length)], ref rng);
        }
        if (rng.Chance(0.10)) b.Append(" " + Pick(Emoji[sentiment], ref rng));
        b.Spans.Sort();
        return (b.Text.ToString(), b.Spans);
    }

    private static void AppendTemplate(Builder b, string template, ref Xoshiro256 rng)
    {
        var used = new List<string>();
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            if (open < 0) { b.Append(template[i..]); break; }
            b.Append(template[i..open]);
            var close = template.IndexOf('}', open);
            var label = template[(open + 1)..close];
            var pool = label switch { "PER" => People, "ORG" => Organisations, _ => Places };
            string name;
            do name = Pick(pool, ref rng); while (used.Contains(name));
            used.Add(name);
            b.AppendEntity(name, label);
            i = close + 1;
        }
    }

    private static string Pick(string[] options, ref Xoshiro256 rng) => options[rng.NextInt(options.Length)];

    private sealed class Builder
    {
        public StringBuilder Text { get; } = new();
        public List<EntitySpan> Spans { get; } = [];
        private int _codePoints;

        public void Append(string s)
        {
            Text.Append(s);
            _codePoints += ItemText.CodePointCount(s);
        }

        public void AppendEntity(string s, string label)
        {
            var start = _codePoints;
            Append(s);
            Spans.Add(new EntitySpan(start, _codePoints, label));
        }
    }
}
