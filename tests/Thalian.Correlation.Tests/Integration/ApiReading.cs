using System.Net.Http.Json;
using System.Text.Json;

namespace Thalian.Correlation.Tests.Integration;

public static class ApiReading
{
    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} → {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<HttpResponseMessage> PutJsonAsync<T>(this HttpClient client, string path, T body) =>
        await client.PutAsJsonAsync(path, body);
}
