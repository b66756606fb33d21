//! Shows how the fluency model reads sentences, one per line on standard input: the sentence
//! score, then each token as `text/class-or-word/gain`, where gain is log10 P(token | context)
//! minus log10 P(token), and the worst spans.
//!
//! ```text
//! echo "Triumph of Donald of President of USA touched golf the Saturday." \
//!   | cargo run --release --example fluency_explain [-- MODEL.bin]
//! ```
use wiredrift::fluency::FluencyModel;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let owned;
    let model = match args.get(1) {
        Some(p) => {
            owned = FluencyModel::from_bytes(&std::fs::read(p)?)?;
            &owned
        }
        None => FluencyModel::english(),
    };
    for line in std::io::stdin().lines() {
        let line = line?;
        let s = model.score_sentence(&line);
        println!("{:.3} {}", s.score, line);
        let tokens: Vec<String> = model
            .explain(&line)
            .into_iter()
            .map(|(t, c, lp, base)| format!("{t}/{c}/{:+.2}", lp - base))
            .collect();
        println!("  {}", tokens.join(" "));
        let worst: Vec<String> = s
            .worst
            .iter()
            .map(|(r, g)| format!("{:?} {g:+.2}", &line[r.clone()]))
            .collect();
        println!("  worst: {}", worst.join(", "));
    }
    Ok(())
}
