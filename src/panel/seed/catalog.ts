/**
 * What the demo provider's customers are made of: names, places, plans. Real city and
 * neighbourhood names with their real area codes (DDD); the people are made up by drawing
 * first and last names independently.
 */

/** A city the provider serves. */
export interface City {
  readonly name: string;
  /** Two-letter state code. */
  readonly state: string;
  /** Area code of its phone numbers. */
  readonly ddd: string;
  readonly neighbourhoods: readonly string[];
  /** Relative share of the customers who live there. */
  readonly weight: number;
}

/** An internet plan and its monthly price. */
export interface Plan {
  readonly name: string;
  /** Monthly price in cents of a real (BRL). */
  readonly priceCents: number;
  /** Relative share of the customers on it. */
  readonly weight: number;
}

/** One city a line: name | state | DDD | share of the customers | neighbourhoods. */
const CITY_TABLE = `
  São Paulo            | SP | 11 | 14 | Pinheiros, Vila Mariana, Mooca, Tatuapé, Santana, Butantã, Lapa, Itaquera, Perdizes, Ipiranga, Jabaquara, Penha
  Campinas             | SP | 19 |  8 | Cambuí, Barão Geraldo, Taquaral, Botafogo, Jardim Proença, Sousas, Castelo
  Ribeirão Preto       | SP | 16 |  5 | Jardim Irajá, Campos Elíseos, Vila Seixas, Ribeirânia, Jardim Sumaré, Ipiranga
  Sorocaba             | SP | 15 |  4 | Campolim, Vila Hortência, Jardim Vergueiro, Além Ponte, Éden, Wanel Ville
  Belo Horizonte       | MG | 31 |  9 | Savassi, Pampulha, Funcionários, Lourdes, Santa Efigênia, Buritis, Barreiro, Venda Nova, Sion
  Uberlândia           | MG | 34 |  4 | Santa Mônica, Tibery, Martins, Umuarama, Fundinho, Luizote de Freitas
  Juiz de Fora         | MG | 32 |  3 | São Mateus, Benfica, Cascatinha, Alto dos Passos, Granbery, Manoel Honório
  Curitiba             | PR | 41 |  8 | Batel, Água Verde, Boqueirão, Portão, Santa Felicidade, Cabral, Cajuru, Bigorrilho
  Londrina             | PR | 43 |  4 | Gleba Palhano, Jardim Higienópolis, Cinco Conjuntos, Vila Nova, Centro
  Maringá              | PR | 44 |  3 | Zona 7, Jardim Alvorada, Vila Operária, Zona 5, Centro
  Salvador             | BA | 71 |  8 | Barra, Pituba, Rio Vermelho, Itapuã, Liberdade, Brotas, Ondina, Stella Maris
  Feira de Santana     | BA | 75 |  4 | Kalilândia, Tomba, Santa Mônica, Sobradinho, Centro, Capuchinhos
  Vitória da Conquista | BA | 77 |  3 | Candeias, Recreio, Brasil, Centro, Patagônia
  Porto Alegre         | RS | 51 |  8 | Moinhos de Vento, Menino Deus, Cidade Baixa, Petrópolis, Partenon, Restinga, Bom Fim
  Caxias do Sul        | RS | 54 |  3 | São Pelegrino, Pio X, Exposição, Centro, Desvio Rizzo
  Pelotas              | RS | 53 |  2 | Fragata, Areal, Laranjal, Três Vendas, Centro
`;

export const CITIES: readonly City[] = CITY_TABLE.trim()
  .split('\n')
  .map((line) => {
    const [name, state, ddd, weight, neighbourhoods] = line.split('|').map((cell) => cell.trim());
    return {
      name: name as string,
      state: state as string,
      ddd: ddd as string,
      weight: Number(weight),
      neighbourhoods: words(neighbourhoods as string),
    };
  });

export const PLANS: readonly Plan[] = [
  { name: '100 Mega', priceCents: 7990, weight: 20 },
  { name: '300 Mega', priceCents: 9990, weight: 40 },
  { name: '500 Mega', priceCents: 11990, weight: 28 },
  { name: '1 Giga', priceCents: 14990, weight: 12 },
];

/** The days of the month a customer may choose for the due date of their invoices. */
export const DUE_DAYS: readonly number[] = [5, 10, 15, 20, 25];

/** Domains reserved for examples (RFC 2606): no mail ever reaches a real mailbox. */
export const EMAIL_DOMAINS: readonly string[] = ['example.com', 'example.net', 'example.org'];

export const FIRST_NAMES: readonly string[] = words(`
  Ana, Ana Paula, Maria, Maria Eduarda, Maria José, Francisca, Antônia, Adriana, Juliana,
  Márcia, Fernanda, Patrícia, Aline, Sandra, Camila, Amanda, Bruna, Jéssica, Letícia, Júlia,
  Mariana, Vitória, Beatriz, Larissa, Luíza, Natália, Débora, Cecília, Helena, Alice,
  Valentina, Lívia, Lúcia, Tânia, Vânia, Rosângela, Simone, Cristiane, Thaís, Isabela, Sônia,
  Raíssa, Conceição, Gabriela, Renata, Cláudia, Priscila, Yasmin, Lorena, Manuela,
  José, João, João Pedro, Antônio, Francisco, Carlos, Paulo, Pedro, Lucas, Luiz, Luiz Henrique,
  Marcos, Luís, Gabriel, Rafael, Daniel, Marcelo, Bruno, Eduardo, Felipe, Raimundo, Rodrigo,
  Fábio, Márcio, Sérgio, Cláudio, Vinícius, Júlio, André, Caio, Thiago, Matheus, Gustavo,
  Leonardo, Otávio, Heitor, Davi, Arthur, Bernardo, Enzo, Miguel, Joaquim, Benedito, Sebastião,
  Wellington, Anderson, Diego, Ícaro, Mauro
`);

export const LAST_NAMES: readonly string[] = words(`
  Silva, Santos, Oliveira, Souza, Rodrigues, Ferreira, Alves, Pereira, Lima, Gomes, Costa,
  Ribeiro, Martins, Carvalho, Almeida, Lopes, Soares, Fernandes, Vieira, Barbosa, Rocha, Dias,
  Nascimento, Andrade, Moreira, Nunes, Marques, Machado, Mendes, Freitas, Cardoso, Ramos,
  Gonçalves, Santana, Teixeira, Araújo, Magalhães, Brandão, Simões, Falcão, Guimarães,
  Assunção, Romão, Sampaio, Monteiro, Correia, Azevedo, Cavalcanti, Queiroz, Peixoto, Tavares,
  Pinheiro, Figueiredo, Bezerra, Damasceno, Conceição, Aragão, Macêdo, Leão, Prudêncio
`);

/** The particle some Brazilian names put before a surname ("Ana Paula de Souza"). */
export const NAME_PARTICLES: readonly string[] = ['de', 'da', 'dos', 'do'];

function words(list: string): string[] {
  return list
    .split(',')
    .map((word) => word.trim())
    .filter(Boolean);
}
