using Thalian.HecEmulator;

// dotnet run -- --urls http://127.0.0.1:9108 --token demo-hec-token [--ack true] [--indexes main,security]
var app = HecEmulatorApp.Create(args);
app.Run();
