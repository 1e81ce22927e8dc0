using System.Globalization;
using System.Text;

namespace Thalian.AwsEmulator.Iam;

/// <summary>MaxItems/Marker paging with the scenario's page cap and, optionally, pages shorter than asked while still truncated.</summary>
public static class Paging
{
    public sealed record Page<T>(IReadOnlyList<T> Items, bool IsTruncated, string? Marker);

    public static Page<T> Take<T>(IReadOnlyList<T> all, IFormCollection form, int cap, bool shortPages)
    {
        var offset = form["Marker"].ToString() is { Length: > 0 } marker ? Decode(marker) : 0;
        var size = Math.Min(cap, int.TryParse(form["MaxItems"], CultureInfo.InvariantCulture, out var max) && max > 0 ? max : 100);
        if (shortPages && size > 1)
        {
            size = Random.Shared.Next(1, size + 1);
        }
        var items = all.Skip(offset).Take(size).ToList();
        var next = offset + items.Count;
        return next < all.Count ? new Page<T>(items, true, Encode(next)) : new Page<T>(items, false, null);
    }

    private static string Encode(int offset) => Convert.ToBase64String(Encoding.ASCII.GetBytes($"emulator-offset:{offset}"));

    private static int Decode(string marker)
    {
        var text = Encoding.ASCII.GetString(Convert.FromBase64String(marker));
        return int.Parse(text["emulator-offset:".Length..], CultureInfo.InvariantCulture);
    }
}
