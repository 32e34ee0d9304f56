@REM Runs this project's Maven build with the Maven on PATH (3.6.3 or newer) and JAVA_HOME set to a JDK 25.
@REM See mvnw for why this is not the stock Maven Wrapper.
@where mvn >nul 2>nul || (echo mvnw: Maven 3.6.3 or newer was not found on PATH. & exit /b 1)
@mvn %*
