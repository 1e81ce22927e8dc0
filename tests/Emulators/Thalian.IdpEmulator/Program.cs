using Thalian.IdpEmulator;

// dotnet run -- --scenario scenarios/example.json --urls "http://127.0.0.1:9102;https://127.0.0.1:9103" --cert-out /tmp/idp-emulator.pem
var app = EmulatorHost.Build(args);
app.Run();

public partial class Program;
