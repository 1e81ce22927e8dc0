using Thalian.AwsEmulator.Protocol;
using Thalian.AwsEmulator.Scenarios;

namespace Thalian.AwsEmulator;

/// <summary>Builds the emulator host; tests call <see cref="Create"/> with a scenario and --urls http://127.0.0.1:0.</summary>
public static class EmulatorApp
{
    public static WebApplication Create(string[] args, Scenario? scenario = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var path = builder.Configuration["scenario"];
        scenario ??= path is not null ? Scenario.Load(path) : throw new InvalidOperationException("Pass --scenario <file>.");
        var current = new CurrentState(new EmulatorState(scenario));
        builder.Services.AddSingleton(current);
        builder.Services.AddTransient(_ => current.State);
        builder.Services.AddSingleton(TimeProvider.System);
        var app = builder.Build();
        app.MapGet("/health", () => "ok");
        app.MapGet("/emulator/requests", (EmulatorState state) => state.Served);
        app.MapPut("/emulator/scenario", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            current.State = new EmulatorState(Scenario.Parse(await reader.ReadToEndAsync()));
            return Results.NoContent();
        });
        app.MapPost("/", (HttpRequest request, EmulatorState state, TimeProvider time) => Dispatcher.HandleAsync(request, state, time));
        return app;
    }
}

/// <summary>The state requests are served from; <c>PUT /emulator/scenario</c> swaps it (faults and counters start over).</summary>
public sealed class CurrentState(EmulatorState state)
{
    public EmulatorState State { get => Volatile.Read(ref state); set => Volatile.Write(ref state, value); }
}
